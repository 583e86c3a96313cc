import Foundation
import Kernel
import Postgres
import XCTest

@testable import People

/// The participant list's `q` over HTTP with PostgreSQL: what it matches (case folding beyond
/// ASCII, usernames with or without `@`) and that the bounded walk of the list's order and the
/// trigram index answer alike, across pages, in every order.
final class ParticipantSearchTests: XCTestCase {
    var h: Harness!
    var token: String!
    let base = "/admin/api/v1/coffee-shop/participants"

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("coffee-shop", role: .owner)
    }

    override func tearDown() { h?.stop() }

    var schema: Identifier { h.registry.tenant("coffee-shop")!.schema }

    func insert(_ firstName: String, _ lastName: String?, _ username: String?, telegramID: Int64) throws -> Int64 {
        try h.pool.query(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, last_name, username)
            VALUES (\(telegramID), \(firstName), \(lastName), \(username)) RETURNING id
            """
        ).first!.decode(Int64.self, 0)
    }

    func found(_ q: String, _ extra: String = "") throws -> [Int64] {
        let query = "limit=200&q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + extra
        let reply = try h.admin("GET", base + "?" + query, token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return ids(reply)
    }

    func ids(_ reply: Harness.Reply) -> [Int64] {
        ((reply.json["participants"] as? [[String: Any]]) ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    func test_search_foldsTheCaseOfCyrillicAndOtherNonASCIILetters() throws {
        let anna = try insert("Анна", "Ёлкина", "anna_yo", telegramID: 1)
        let oskar = try insert("Öskar", "Ünal", nil, telegramID: 2)
        let boris = try insert("Борис", nil, "BorisK", telegramID: 3)
        XCTAssertEqual(try found("анна"), [anna])
        XCTAssertEqual(try found("АННА ЁЛК"), [anna])
        XCTAssertEqual(try found("ёлкина"), [anna])
        XCTAssertEqual(try found("öskar ü"), [oskar])
        XCTAssertEqual(try found("ÖSKAR"), [oskar])
        XCTAssertEqual(try found("бор"), [boris])
        XCTAssertEqual(try found("борисk"), [], "the name and the username are separate words")
        XCTAssertEqual(try found("borisk"), [boris])
        XCTAssertEqual(try found("@BORISK"), [boris])
        XCTAssertEqual(try found("@anna_yo"), [anna])
        XCTAssertEqual(try found("anna_yo"), [anna])
    }

    /// More participants than the search's window (`10_000`): matches
    /// only beyond it come from the trigram index, common ones from the walk, pages stitch both.
    func test_search_beyondTheWalkedWindow_findsEveryMatchInEveryOrder() throws {
        let total = ParticipantDirectory.searchWindow + 150
        // g = 1 is the oldest by last_seen and the newest by first_seen; "Needle" only among the
        // 3 oldest by last_seen, "Common" every 97th, all others "Filler".
        try h.pool.execute(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, last_name, language_code, first_seen_at, last_seen_at)
            SELECT 900000 + g, CASE WHEN g <= 3 THEN 'Needle' WHEN g % 97 = 0 THEN 'Common' ELSE 'Filler' END,
                   'N' || g, CASE WHEN g % 2 = 0 THEN 'ru' ELSE 'en' END,
                   timestamptz '2025-01-01' - g * interval '1 minute', timestamptz '2025-01-01' + g * interval '1 minute'
            FROM generate_series(1, \(total)) g
            """)
        try h.pool.execute("ANALYZE \(ident: schema).participants")
        var idOf: [Int64: Int64] = [:]
        for row in try h.pool.query(
            "SELECT telegram_id - 900000, id FROM \(ident: schema).participants WHERE telegram_id > 900000")
        {
            idOf[try row.decode(Int64.self, 0)] = try row.decode(Int64.self, 1)
        }
        func ids(_ gs: [Int64]) -> [Int64] { gs.map { idOf[$0]! } }

        XCTAssertEqual(try found("needle"), ids([3, 2, 1]))
        XCTAssertEqual(try found("NEEDLE", "&sort=last_seen"), ids([1, 2, 3]))
        XCTAssertEqual(try found("needle", "&sort=-first_seen"), ids([1, 2, 3]))
        XCTAssertEqual(try found("needle", "&language=en"), ids([3, 1]))
        XCTAssertEqual(try found("needle n2", "&sort=name"), ids([2]))

        let common = (1...Int64(total)).filter { $0 > 3 && $0 % 97 == 0 }
        let newestFirst: [Int64] = common.reversed()
        // "common n194" < "common n97": names compare as text.
        let byName: [Int64] = common.sorted { String($0) < String($1) }
        let expected: [String: [Int64]] = [
            "-last_seen": newestFirst, "last_seen": common, "first_seen": newestFirst, "-first_seen": common,
            "name": byName,
        ]
        for (sort, gs) in expected {
            var seen: [Int64] = []
            var cursor: String?
            repeat {
                var query = "q=common&limit=7&sort=\(sort)"
                if let cursor { query += "&cursor=" + cursor }
                let reply = try h.admin("GET", base + "?" + query, token: token)
                XCTAssertEqual(reply.status, 200, reply.text)
                seen += self.ids(reply)
                cursor = reply.json["next_cursor"] as? String
            } while cursor != nil && seen.count <= gs.count
            XCTAssertEqual(seen, ids(gs), sort)
        }
        XCTAssertEqual(try found("common", "&language=ru").count, common.filter { $0 % 2 == 0 }.count)
        XCTAssertEqual(try found("zzqx"), [])
    }
}
