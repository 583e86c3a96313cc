import Foundation
import Postgres
import Telegram
import TesseraTestSupport
import XCTest

/// The built `tessera serve` with `DATABASE_URL` through a real PgBouncer in transaction mode:
/// its listener is reported deaf unless `TESSERA_LISTEN_DATABASE_URL` gives it a direct connection.
final class ServeListenerTests: XCTestCase {
    var bouncer: PgBouncer!
    var direct: PostgresConfiguration!
    var cli: CLIRunner!

    override func setUpWithError() throws {
        bouncer = try PgBouncer(backend: try TestDatabase.shared.adminConfiguration(), poolMode: "transaction")
        direct = try TestDatabase.shared.createConfiguration(prefix: "listen")
        cli = CLIRunner(environment: [
            "DATABASE_URL": bouncer.through(direct).url,
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": TenantCommandTests.token,
        ])
        let created = try cli.run(["tenant", "create", "tenants/coffee-shop.json"])
        XCTAssertEqual(created.status, 0, created.stderr)
    }

    override func tearDown() { bouncer?.stop() }

    /// `/readyz` once its `listener` is `state`, or the last answer after 30 s.
    func readyz(_ server: ServeProcess, until state: String) throws -> [String: Any] {
        let deadline = Date(timeIntervalSinceNow: 30)
        while true {
            let reply = try ServeProcess.request(server.baseURL + "/readyz")
            let json = (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
            if json["listener"] as? String == state || Date() > deadline { return json }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    func test_serveBehindTransactionPooling_reportsTheDeafListener() throws {
        let server = try ServeProcess(cli)
        defer { server.kill() }
        let ready = try readyz(server, until: "deaf")
        XCTAssertEqual(ready["listener"] as? String, "deaf", "\(ready)")
        XCTAssertEqual(ready["status"] as? String, "degraded", "\(ready)")
    }

    func test_serveWithADirectListenURL_hearsChangesWithinASecond() throws {
        var direct = cli!
        direct.environment["TESSERA_LISTEN_DATABASE_URL"] = self.direct.url
        let server = try ServeProcess(direct)
        defer { server.kill() }
        let ready = try readyz(server, until: "hearing")
        XCTAssertEqual(ready["listener"] as? String, "hearing", "\(ready)")
        XCTAssertEqual(ready["status"] as? String, "ready", "\(ready)")

        let initData = InitDataSigner.sign(
            user: TelegramUser(id: 777_002, firstName: "Lou"), authDate: Date(), botToken: TenantCommandTests.token)
        let app = server.baseURL + "/api/v1/coffee-shop/app"
        XCTAssertEqual(try ServeProcess.request(app, initData: initData).status, 200)
        let suspended = try direct.run(["tenant", "suspend", "coffee-shop"])
        XCTAssertEqual(suspended.status, 0, suspended.stderr)
        // The server polls every 15 s: within a second, only the notification can have told it.
        let changed = Date()
        var status = 200
        while Date().timeIntervalSince(changed) < 1.0 {
            status = try ServeProcess.request(app, initData: initData).status
            if status == 403 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(status, 403, "suspension not served within a second")
    }
}
