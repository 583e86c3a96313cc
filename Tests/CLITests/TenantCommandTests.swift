import Foundation
import TesseraTestSupport
import XCTest

final class TenantCommandTests: XCTestCase {
    static let token = "3000001:CLItokenSECRETSECRETSECRETSECRET01"

    func cli() throws -> CLIRunner {
        CLIRunner(environment: [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "cli"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": Self.token,
        ])
    }

    func test_tenantLifecycle_throughTheCLI() throws {
        let cli = try cli()
        var outputs: [String] = []
        func run(_ args: [String], expect: Int32 = 0) throws -> CLIRunner.Result {
            let r = try cli.run(args)
            outputs.append(r.stdout + r.stderr)
            XCTAssertEqual(r.status, expect, "\(args): \(r.stderr)")
            return r
        }
        _ = try run(["tenant", "create", "tenants/coffee-shop.json"])
        _ = try run(["tenant", "create", "tenants/coffee-shop.json"], expect: 1)

        let list = try run(["tenant", "list", "--json"])
        let tenants = (list.json as? [String: Any])?["tenants"] as? [[String: Any]]
        XCTAssertEqual(tenants?.count, 1)
        XCTAssertEqual(tenants?.first?["slug"] as? String, "coffee-shop")
        XCTAssertEqual(tenants?.first?["live_version"] as? Int, 1)

        let unchanged = try run(["tenant", "apply", "tenants/coffee-shop.json", "--json"])
        XCTAssertEqual((unchanged.json as? [String: Any])?["changed"] as? Bool, false)

        _ = try run(["tenant", "suspend", "coffee-shop"])
        let shown = try run(["tenant", "show", "coffee-shop", "--json"])
        XCTAssertEqual((shown.json as? [String: Any])?["status"] as? String, "suspended")
        _ = try run(["tenant", "resume", "coffee-shop"])

        _ = try run(["tenant", "rollback", "coffee-shop", "--to", "9"], expect: 1)
        _ = try run(["tenant", "rollback", "coffee-shop", "--to", "1"])
        _ = try run(["tenant", "delete", "coffee-shop"], expect: 64)
        _ = try run(["tenant", "delete", "coffee-shop", "--yes"])
        _ = try run(["tenant", "show", "coffee-shop"], expect: 1)

        let migrate = try run(["migrate", "--json"])
        XCTAssertNotNil((migrate.json as? [String: Any])?["tenants"])

        for output in outputs {
            XCTAssertFalse(output.contains("SECRETSECRET"), "a command printed the bot token")
        }
    }

    func test_create_withoutTheTokenVariable_failsAndCreatesNothing() throws {
        var cli = try cli()
        cli.environment["TESSERA_BOT_TOKEN_COFFEE_SHOP"] = ""
        let result = try cli.run(["tenant", "create", "tenants/coffee-shop.json"])
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("TESSERA_BOT_TOKEN_COFFEE_SHOP"))
        let list = try cli.run(["tenant", "list", "--json"])
        XCTAssertEqual(((list.json as? [String: Any])?["tenants"] as? [Any])?.count, 0)
    }

    func test_unreachableDatabase_exitsWith69() throws {
        var cli = try cli()
        cli.environment["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"
        let result = try cli.run(["tenant", "list"])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "not a one-line reason: \(result.stderr)")
        XCTAssertTrue(result.stderr.hasPrefix("error: database unavailable"), result.stderr)
    }
}
