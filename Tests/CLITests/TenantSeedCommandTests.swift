import Foundation
import Postgres
import TesseraTestSupport
import XCTest

/// `tessera tenant seed` through the built binary: counts, idempotence, two seeds at once, and a
/// bad demo file that names its field and changes nothing.
final class TenantSeedCommandTests: XCTestCase {
    static let tokens = [
        "TESSERA_BOT_TOKEN_COFFEE_SHOP": "3000011:SEEDcoffeeSECRETSECRETSECRETSECRET1",
        "TESSERA_BOT_TOKEN_EVENTS_CLUB": "3000012:SEEDeventsSECRETSECRETSECRETSECRET2",
        "TESSERA_BOT_TOKEN_PAID_CHANNEL": "3000013:SEEDpaidchSECRETSECRETSECRETSECRET3",
    ]

    var database = ""
    var cli = CLIRunner()

    override func setUpWithError() throws {
        database = try TestDatabase.shared.createDatabase(prefix: "seed")
        cli = CLIRunner(environment: ["DATABASE_URL": database, "TESSERA_MASTER_KEY": String(repeating: "5d", count: 32)])
        for (k, v) in Self.tokens { cli.environment[k] = v }
    }

    func run(_ args: [String], expect: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> CLIRunner.Result {
        let r = try cli.run(args)
        XCTAssertEqual(r.status, expect, "\(args): \(r.stdout)\(r.stderr)", file: file, line: line)
        return r
    }

    func count(_ sql: String) throws -> Int64 {
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: database), maxConnections: 1)
        defer { pool.close() }
        return try pool.query(SQL(unsafe: sql)).first!.decode(Int64.self, 0)
    }

    func counts(_ json: Any?, _ key: String) -> [String: Int] {
        ((json as? [String: Any])?[key] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
    }

    func test_seed_thenSeedAgain_addsNothingTheSecondTime() throws {
        for slug in ["coffee-shop", "events-club", "paid-channel"] {
            _ = try run(["tenant", "create", "tenants/\(slug).json"])
            let first = try run(["tenant", "seed", "--tenant", slug, "--json"])
            let added = counts(first.json, "added")
            XCTAssertGreaterThan(added["news", default: 0], 0, "\(slug): \(first.stdout)")
            XCTAssertGreaterThan(added["participant", default: 0], 0, slug)
            XCTAssertEqual(counts(first.json, "total"), added, slug)

            let again = try run(["tenant", "seed", "--tenant", slug, "--json"])
            XCTAssertEqual(counts(again.json, "added").values.reduce(0, +), 0, "\(slug): \(again.stdout)")
            XCTAssertEqual(counts(again.json, "total"), added, slug)

            let text = try run(["tenant", "seed", "--tenant", slug])
            XCTAssertTrue(text.stdout.contains("\(slug): participants: 0 added"), text.stdout)
            XCTAssertTrue(text.stdout.contains("demo content already there"), text.stdout)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.news_posts"), 6)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.participants"), 6)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.points_ledger"), 6)
        XCTAssertEqual(try count("SELECT count(*) FROM t_events_club.events"), 7)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_events_club.events e WHERE seats_taken <> (SELECT count(*) FROM t_events_club.event_registrations r WHERE r.event_id = e.id)"),
            0, "seats_taken counts the demo registrations")
        XCTAssertEqual(try count("SELECT count(*) FROM t_paid_channel.referrals"), 4)
        XCTAssertEqual(try count("SELECT count(*) FROM t_paid_channel.news_posts WHERE section = 'ru-digest'"), 3)
    }

    func test_twoSeedsAtOnce_writeEveryItemOnce() throws {
        _ = try run(["tenant", "create", "tenants/events-club.json"])
        let runner = cli
        let results = Locked<[CLIRunner.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            if let r = try? runner.run(["tenant", "seed", "--tenant", "events-club", "--json"]) { results.append(r) }
        }
        let both = results.value
        XCTAssertEqual(both.map(\.status), [0, 0], both.map(\.stderr).joined())
        let added = both.map { counts($0.json, "added")["event", default: 0] }
        XCTAssertEqual(added.reduce(0, +), 7, "each event is added by exactly one run: \(added)")
        XCTAssertEqual(try count("SELECT count(*) FROM t_events_club.events"), 7)
        XCTAssertEqual(try count("SELECT count(*) FROM t_events_club.participants"), 8)
        XCTAssertEqual(try count("SELECT count(*) FROM t_events_club.news_posts"), 3)
    }

    func test_badDemoFile_namesTheFieldAndChangesNothing() throws {
        _ = try run(["tenant", "create", "tenants/coffee-shop.json"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("coffee-shop.json")
        try Data(
            #"""
            {"tenant": "coffee-shop", "participants": [{"key": "ann", "telegram_id": 900000901, "first_name": "Ann"}],
             "sections": {"news": [{"key": "ok", "title": "Fine"}, {"key": "bad", "title": "Wrong", "categories": ["drinks"]}]}}
            """#.utf8
        ).write(to: bad)
        let result = try run(["tenant", "seed", "--tenant", "coffee-shop", "--file", bad.path], expect: 65)
        XCTAssertTrue(result.stderr.contains("/sections/news/1/categories/0"), result.stderr)
        XCTAssertTrue(result.stderr.contains("unknown category \"drinks\""), result.stderr)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.demo_items"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.news_posts"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.participants"), 0)

        let other = try run(["tenant", "seed", "--tenant", "coffee-shop", "--file", "tenants/demo/events-club.json"], expect: 65)
        XCTAssertTrue(other.stderr.contains("/tenant"), other.stderr)
        _ = try run(["tenant", "seed", "--tenant", "coffee-shop", "--file", dir.appendingPathComponent("none.json").path], expect: 66)
        _ = try run(["tenant", "seed", "--tenant", "nobody"], expect: 66)
        _ = try run(["tenant", "seed"], expect: 64)
    }

    func test_seedHelp_describesTheCommand() throws {
        let help = try run(["tenant", "seed", "--help"])
        XCTAssertTrue(help.stdout.hasPrefix("USAGE: tessera tenant seed --tenant SLUG"), help.stdout)
        XCTAssertTrue(help.stdout.contains("Exit codes"), help.stdout)
    }
}

/// A value several threads append to.
final class Locked<Value>: @unchecked Sendable {
    // Guarded by `lock`.
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func append<T>(_ element: T) where Value == [T] { lock.withLock { stored.append(element) } }
}
