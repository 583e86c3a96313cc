import Foundation
import Postgres
import TesseraCrypto
import TesseraTestSupport
import XCTest

final class AdminCommandTests: XCTestCase {
    func test_tokenCreate_printsTheTokenOnce_andTheDatabaseHoldsOnlyItsHash() throws {
        let cli = CLIRunner(environment: [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "cliadmin"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": TenantCommandTests.token,
        ])
        XCTAssertEqual(try cli.run(["tenant", "create", "tenants/coffee-shop.json"]).status, 0)

        let created = try cli.run(["admin", "token", "create", "--tenant", "coffee-shop", "--role", "manager", "--name", "ci", "--json"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let object = try XCTUnwrap(created.json as? [String: Any])
        let token = try XCTUnwrap(object["token"] as? String)
        XCTAssertTrue(token.hasPrefix("tsr_"))
        XCTAssertEqual(object["role"] as? String, "manager")
        let id = try XCTUnwrap(object["id"] as? Int)

        let text = try cli.run(["admin", "token", "create", "--tenant", "coffee-shop", "--role", "owner"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout.split(separator: "\n").filter { $0.hasPrefix("tsr_") }.count, 1)

        let list = try cli.run(["admin", "token", "list", "--tenant", "coffee-shop", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertFalse(list.stdout.contains(token), "a listing never shows a token")
        let tokens = try XCTUnwrap((list.json as? [String: Any])?["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.count, 2)

        // What is stored is the SHA-256 of the token, nothing else of it.
        let db = try PostgresConnection(url: cli.environment["DATABASE_URL"]!)
        func strings(_ sql: String) throws -> [String] { try db.query(SQL(unsafe: sql)).map { try $0.decode(String.self, 0) } }
        let stored = try strings("SELECT token_hash || ' ' || role || ' ' || name FROM platform.api_tokens ORDER BY id")
        XCTAssertEqual(stored.first, "\(Hex.encode(SHA256.hash(Array(token.utf8)))) manager ci")
        XCTAssertFalse(stored.joined().contains(token.dropFirst(4)))

        XCTAssertEqual(try cli.run(["admin", "token", "revoke", String(id), "--tenant", "coffee-shop"]).status, 0)
        XCTAssertEqual(try cli.run(["admin", "token", "revoke", String(id), "--tenant", "coffee-shop"]).status, 1)
        XCTAssertEqual(try strings("SELECT count(*)::text FROM platform.api_tokens WHERE revoked_at IS NOT NULL"), ["1"])

        XCTAssertEqual(try cli.run(["admin", "token", "create", "--tenant", "coffee-shop", "--role", "boss"]).status, 64)
        XCTAssertEqual(try cli.run(["admin", "token", "create", "--tenant", "no-such", "--role", "owner"]).status, 1)
    }
}
