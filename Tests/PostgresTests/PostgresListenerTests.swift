import Foundation
import Postgres
import TesseraTestSupport
import XCTest

/// Collects notifications delivered on the listener thread.
final class NotificationInbox: @unchecked Sendable {
    // `items` and `reconnects` are guarded by `lock`.
    private let lock = NSLock()
    private var items: [(String, String)] = []
    private var reconnects = 0

    func add(_ channel: String, _ payload: String) {
        lock.lock()
        items.append((channel, payload))
        lock.unlock()
    }

    func reconnected() {
        lock.lock()
        reconnects += 1
        lock.unlock()
    }

    var received: [(String, String)] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    var reconnectCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return reconnects
    }

    func contains(_ channel: String, _ payload: String) -> Bool {
        received.contains { $0 == channel && $1 == payload }
    }
}

final class PostgresListenerTests: XCTestCase {
    private func makeListener(
        _ config: PostgresConfiguration, channels: [String], inbox: NotificationInbox
    ) -> PostgresListener {
        PostgresListener(
            configuration: config, channels: channels, reconnectDelay: 0.05, maxReconnectDelay: 0.5,
            onReconnect: { inbox.reconnected() },
            onNotification: { channel, payload in inbox.add(channel, payload) })
    }

    func test_listener_receivesNotificationsOnItsChannels() throws {
        let config = try makeDatabase()
        let inbox = NotificationInbox()
        let listener = makeListener(config, channels: ["blueprint_changed", "jobs"], inbox: inbox)
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilListening(timeout: 10))

        let sender = try PostgresConnection(configuration: config)
        try sender.execute("SELECT pg_notify(\("blueprint_changed"), \("cafe:3"))")
        try sender.simpleQuery("NOTIFY jobs, 'wake'; NOTIFY other_channel, 'ignored'")
        let unicode = "привет ✓"
        try sender.execute("SELECT pg_notify(\("jobs"), \(unicode))")

        XCTAssertTrue(waitUntil(timeout: 5) { inbox.received.count >= 3 })
        XCTAssertTrue(inbox.contains("blueprint_changed", "cafe:3"))
        XCTAssertTrue(inbox.contains("jobs", "wake"))
        XCTAssertTrue(inbox.contains("jobs", unicode))
        XCTAssertFalse(inbox.received.contains { $0.0 == "other_channel" })
        XCTAssertEqual(inbox.reconnectCount, 0)
    }

    func test_listener_reconnectsAfterItsBackendIsTerminated() throws {
        let config = try makeDatabase()
        let inbox = NotificationInbox()
        let listener = makeListener(config, channels: ["events"], inbox: inbox)
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilListening(timeout: 10))
        XCTAssertEqual(listener.connectionGeneration, 1)

        XCTAssertEqual(try terminateOtherBackends(of: config), 1)
        XCTAssertTrue(listener.waitUntilListening(generation: 2, timeout: 10), "reconnected")
        XCTAssertTrue(waitUntil(timeout: 5) { inbox.reconnectCount == 1 }, "onReconnect called")

        let sender = try PostgresConnection(configuration: config)
        try sender.execute("SELECT pg_notify(\("events"), \("after-restart"))")
        XCTAssertTrue(waitUntil(timeout: 5) { inbox.contains("events", "after-restart") })
    }

    func test_stop_endsListeningAndClosesTheConnection() throws {
        let config = try makeDatabase()
        let inbox = NotificationInbox()
        let listener = makeListener(config, channels: ["events"], inbox: inbox)
        listener.start()
        XCTAssertTrue(listener.waitUntilListening(timeout: 10))
        listener.stop()
        XCTAssertFalse(listener.isListening)
        let observer = try PostgresConnection(configuration: config)
        XCTAssertTrue(
            waitUntil(timeout: 5) {
                let others = try? observer.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                return (try? others?.first?.decode(Int.self, 0)) == 0
            })
        try observer.execute("SELECT pg_notify(\("events"), \("late"))")
        usleep(200_000)
        XCTAssertTrue(inbox.received.isEmpty)
    }

    func test_listener_keepsRetryingWhileServerIsUnreachable() throws {
        let port = try FreePort.find()
        let config = PostgresConfiguration(host: "127.0.0.1", port: port, user: "nobody", database: "none")
        let listener = PostgresListener(
            configuration: config, channels: ["x"], reconnectDelay: 0.05, maxReconnectDelay: 0.1
        ) { _, _ in }
        listener.start()
        XCTAssertFalse(listener.waitUntilListening(timeout: 0.5))
        let started = Date()
        listener.stop()
        XCTAssertLessThan(Date().timeIntervalSince(started), 3, "stop interrupts the back-off")
    }
}
