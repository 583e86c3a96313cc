import Foundation
import Kernel
import Postgres
import XCTest

@testable import Dialogs

/// The inbox's `q` over HTTP with PostgreSQL: names, usernames (`@` optional) and message texts,
/// case-insensitive beyond ASCII; the bounded walk of the inbox's order and the trigram indexes
/// answer alike across pages.
final class DialogsSearchTests: XCTestCase {
    var h: Harness!
    var token: String!
    let base = "/admin/api/v1/coffee-shop/dialogs"

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("coffee-shop", role: .support)
    }

    override func tearDown() { h?.stop() }

    var schema: Identifier { h.registry.tenant("coffee-shop")!.schema }

    /// Participants `from...to` (telegram id 800000 + g), each with a conversation whose last
    /// message is g minutes after 2025-01-01 and waits since then, and one message per text.
    func seed(_ range: ClosedRange<Int>, name: String, username: String? = nil, texts: [String]) throws {
        try h.pool.execute(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, username)
            SELECT 800000 + g, \(name), \(username) FROM generate_series(\(range.lowerBound)::int, \(range.upperBound)::int) g
            """)
        for text in texts {
            try h.pool.execute(
                """
                INSERT INTO \(ident: schema).messages (participant_id, direction, text, created_at)
                SELECT id, 'in', \(text), timestamptz '2025-01-01' + (telegram_id - 800000) * interval '1 minute'
                FROM \(ident: schema).participants
                WHERE telegram_id BETWEEN \(800000 + range.lowerBound) AND \(800000 + range.upperBound)
                """)
        }
        try h.pool.execute(
            """
            INSERT INTO \(ident: schema).conversations (participant_id, state, last_message_at, last_message_id, waiting_since)
            SELECT m.participant_id, CASE WHEN p.telegram_id % 2 = 0 THEN 'open' ELSE 'closed' END,
                   max(m.created_at), max(m.id), min(m.created_at)
            FROM \(ident: schema).messages m JOIN \(ident: schema).participants p ON p.id = m.participant_id
            WHERE p.telegram_id BETWEEN \(800000 + range.lowerBound) AND \(800000 + range.upperBound)
            GROUP BY m.participant_id, p.telegram_id
            """)
    }

    /// The telegram ids (minus 800000) of every conversation `query` lists, following cursors.
    func found(_ query: String, limit: Int = 200) throws -> [Int] {
        var seen: [Int] = []
        var cursor: String?
        repeat {
            var path = base + "?limit=\(limit)&" + query
            if let cursor { path += "&cursor=" + cursor }
            let reply = try h.admin("GET", path, token: token)
            XCTAssertEqual(reply.status, 200, reply.text)
            let rows = reply.json["conversations"] as? [[String: Any]] ?? []
            for row in rows {
                let participant = try XCTUnwrap(row["participant"] as? [String: Any])
                let id = try XCTUnwrap((participant["id"] as? NSNumber)?.int64Value)
                let telegram = try h.pool.query(
                    "SELECT telegram_id FROM \(ident: schema).participants WHERE id = \(id)"
                ).first!.decode(Int64.self, 0)
                seen.append(Int(telegram - 800000))
            }
            cursor = reply.json["next_cursor"] as? String
        } while cursor != nil && seen.count < 10_000
        return seen
    }

    func q(_ text: String) -> String { "q=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    func test_search_matchesNamesUsernamesAndTextsBeyondASCII() throws {
        try seed(1...1, name: "Ирина", username: "irina_k", texts: ["Где мой ЗАКАЗ?"])
        try seed(2...2, name: "Zoë", texts: ["Straße 5, bitte"])
        try seed(3...3, name: "Ann", username: "ann_l", texts: ["100% sure"])
        XCTAssertEqual(try found(q("заказ")), [1])
        XCTAssertEqual(try found(q("ИРИНА")), [1])
        XCTAssertEqual(try found(q("@IRINA_K")), [1])
        XCTAssertEqual(try found(q("irina_k")), [1])
        XCTAssertEqual(try found(q("ZOË")), [2])
        XCTAssertEqual(try found(q("STRASSE")), [], "no Unicode case expansion, like ILIKE")
        XCTAssertEqual(try found(q("straße")), [2])
        XCTAssertEqual(try found(q("0% s")), [3])
        XCTAssertEqual(try found(q("%")), [3], "wildcards are literal")
        XCTAssertEqual(try found(q("_")), [3, 1], "in the usernames")
    }

    /// More conversations than the search's window (`2_000`): matches
    /// only beyond it come from the trigram indexes, common ones from the walk, pages stitch both.
    func test_search_beyondTheWalkedWindow_findsEveryMatch() throws {
        let total = ConversationStore.searchWindow + 100
        try seed(1...3, name: "Nadia", texts: ["a needle here", "thanks"])
        try seed(4...total, name: "Filler", texts: ["hello"])
        try h.pool.execute(
            """
            UPDATE \(ident: schema).messages SET text = 'common question'
            WHERE participant_id IN (SELECT id FROM \(ident: schema).participants WHERE (telegram_id - 800000) % 61 = 0)
            """)
        try h.pool.execute("ANALYZE \(ident: schema).participants")
        try h.pool.execute("ANALYZE \(ident: schema).messages")
        try h.pool.execute("ANALYZE \(ident: schema).conversations")
        XCTAssertEqual(try found(q("needle")), [3, 2, 1])
        XCTAssertEqual(try found(q("NADIA")), [3, 2, 1])
        XCTAssertEqual(try found(q("needle") + "&state=open"), [2])
        XCTAssertEqual(try found(q("needle") + "&sort=waiting"), [1, 2, 3])
        let common = (1...total).filter { $0 % 61 == 0 }
        XCTAssertEqual(try found(q("common"), limit: 7), common.reversed())
        XCTAssertEqual(try found(q("COMMON") + "&sort=waiting", limit: 7), common)
        XCTAssertEqual(try found(q("common") + "&state=open", limit: 7), common.reversed().filter { $0 % 2 == 0 })
        XCTAssertEqual(try found(q("zzqx")), [])
    }
}
