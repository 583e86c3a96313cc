import Foundation
import Postgres
import TesseraTestSupport
import XCTest

/// The listener's self-probe: a NOTIFY sent through another connection must come back.
final class PostgresListenerProbeTests: XCTestCase {
    func probe(through pool: PostgresPool, timeout: TimeInterval = 1) -> PostgresListener.Probe {
        PostgresListener.Probe(interval: 30, timeout: timeout, hint: "set the listen URL") { channel, payload in
            _ = try pool.execute("SELECT pg_notify(\(channel), \(payload))")
        }
    }

    func test_aListenerThatReceivesItsProbe_isHearing_andTheProbeIsNotPassedOn() throws {
        let configuration = try TestDatabase.shared.createConfiguration(prefix: "probe")
        let pool = PostgresPool(configuration: configuration, maxConnections: 1)
        defer { pool.close() }
        let inbox = NotificationInbox()
        let listener = PostgresListener(
            configuration: configuration, channels: ["changes"], probe: probe(through: pool)
        ) { inbox.add($0, $1) }
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilHearing(.hearing, timeout: 20), "probe never came back: \(listener.hearing)")
        XCTAssertTrue(inbox.received.isEmpty, "the probe reached the callback: \(inbox.received)")
    }

    /// A deaf listener without PgBouncer: it listens on one database while the probe is sent on
    /// another, so the probe, like every real notification, never reaches it.
    func test_aListenerThatNeverReceivesItsProbe_isDeaf() throws {
        let listened = try TestDatabase.shared.createConfiguration(prefix: "probe_deaf")
        let elsewhere = PostgresPool(
            configuration: try TestDatabase.shared.createConfiguration(prefix: "probe_other"), maxConnections: 1)
        defer { elsewhere.close() }
        let listener = PostgresListener(
            configuration: listened, channels: ["changes"], probe: probe(through: elsewhere)
        ) { _, _ in }
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilHearing(.deaf, timeout: 20), "not declared deaf: \(listener.hearing)")
        XCTAssertTrue(listener.isListening, "deaf, yet connected: exactly the silent failure the probe reveals")
    }

    func test_withoutAProbe_hearingStaysUnknown() throws {
        let configuration = try TestDatabase.shared.createConfiguration(prefix: "probe_none")
        let listener = PostgresListener(configuration: configuration, channels: ["changes"]) { _, _ in }
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilListening(timeout: 20))
        XCTAssertEqual(listener.hearing, .unknown)
    }
}
