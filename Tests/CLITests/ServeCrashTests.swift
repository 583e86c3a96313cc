import Foundation
import Postgres
import Telegram
import TesseraTestSupport
import XCTest

/// The built `tessera serve`, killed with SIGKILL in the middle of a burst of navigation events:
/// every batch answered 202 is in the table afterwards.
final class ServeCrashTests: XCTestCase {
    static let eventsPerRequest = 20

    func test_killDashNineDuringAnEventBurst_losesNoAcknowledgedEvent() throws {
        let database = try TestDatabase.shared.createDatabase(prefix: "crash")
        let cli = CLIRunner(environment: [
            "DATABASE_URL": database,
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": TenantCommandTests.token,
        ])
        let created = try cli.run(["tenant", "create", "tenants/coffee-shop.json"])
        XCTAssertEqual(created.status, 0, created.stderr)

        let server = try ServeProcess(cli)
        defer { server.kill() }
        let base = server.baseURL

        let user = TelegramUser(id: 777_001, firstName: "Kim", languageCode: "en")
        let initData = InitDataSigner.sign(user: user, authDate: Date(), botToken: TenantCommandTests.token)
        let acknowledged = AcknowledgedBatches()
        let senders = DispatchGroup()
        for sender in 0..<8 {
            DispatchQueue.global().async(group: senders) {
                var n = 0
                // Until the server is gone: each batch is tagged, so every acknowledged one can be found.
                while true {
                    let tag = "c\(sender)-\(n)"
                    let events = (0..<Self.eventsPerRequest).map { _ in
                        #"{"kind":"action","screen":"menu","target":"\#(tag)","at":\#(Int64(Date().timeIntervalSince1970 * 1000))}"#
                    }
                    guard
                        let status = try? ServeProcess.request(
                            base + "/api/v1/coffee-shop/events",
                            body: #"{"events":[\#(events.joined(separator: ","))]}"#, initData: initData
                        ).status
                    else { break }
                    if status == 202 { acknowledged.add(tag) }
                    n += 1
                }
            }
        }
        // SIGKILL while the senders are still sending, once a good number of batches is acknowledged.
        let burst = Date(timeIntervalSinceNow: 60)
        while acknowledged.count < 300, Date() < burst { Thread.sleep(forTimeInterval: 0.01) }
        server.kill()
        senders.wait()

        let pool = PostgresPool(configuration: try PostgresConfiguration(url: database), maxConnections: 1)
        defer { pool.close() }
        var stored: [String: Int64] = [:]
        for row in try pool.query("SELECT target, count(*) FROM t_coffee_shop.nav_events GROUP BY target") {
            stored[try row.decode(String.self, 0)] = try row.decode(Int64.self, 1)
        }
        let tags = acknowledged.all
        XCTAssertGreaterThanOrEqual(tags.count, 300, "the burst was too short to mean anything")
        let lost = tags.filter { stored[$0] != Int64(Self.eventsPerRequest) }
        XCTAssertEqual(
            lost.count, 0,
            "acknowledged batches missing (or partial) after kill -9: \(lost.count) of \(tags.count), e.g. \(lost.prefix(5))"
        )
    }
}

/// Tags of the batches answered 202; guarded by `lock`.
private final class AcknowledgedBatches: @unchecked Sendable {
    private let lock = NSLock()
    private var tags: [String] = []
    func add(_ tag: String) {
        lock.lock()
        tags.append(tag)
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return tags.count
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return tags
    }
}
