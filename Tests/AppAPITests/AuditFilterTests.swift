import Foundation
import Kernel
import XCTest

/// The audit log's filters for the office's Audit screen (`GET …/audit`): actor, action (exact or a
/// record type's every action), record, date range, keyset pages; actor names; bad parameters.
final class AuditFilterTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    let base = "/admin/api/v1/coffee-shop"

    /// An instant to the millisecond: the writes around it happen within one second.
    static func precise(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    func actions(_ query: String, _ token: String) throws -> [String] {
        let reply = try h.admin("GET", base + "/audit?" + query, token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return (reply.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
    }

    func test_filters_narrowByActorActionRecordAndTime() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        let manager = try h.staffToken("coffee-shop", role: .manager)
        let created = try h.admin("POST", base + "/news", token: owner, body: ["section": "news", "title": "One"])
        let id = try XCTUnwrap((created.json["post"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual(try h.admin("PATCH", base + "/news/\(id)", token: manager, body: ["title": "Two"]).status, 200)
        let between = Date()
        XCTAssertEqual(try h.admin("DELETE", base + "/news/\(id)", token: owner).status, 204)

        let all = try h.admin("GET", base + "/audit", token: owner)
        let entries = try XCTUnwrap(all.json["entries"] as? [[String: Any]])
        let actors = entries.compactMap { $0["actor"] as? [String: Any] }
        // Newest first: the owner deleted, the manager updated.
        let ownerID = try XCTUnwrap(actors[0]["id"] as? Int)
        let managerID = try XCTUnwrap(actors[1]["id"] as? Int)
        XCTAssertNotNil(actors[1]["name"] as? String, "a token's name")

        XCTAssertEqual(try actions("actor=token:\(managerID)", owner), ["news.update"])
        XCTAssertEqual(try actions("actor=token:\(ownerID)", owner), ["news.delete", "news.create"])
        XCTAssertEqual(try actions("actor=person:\(ownerID)", owner), [])
        XCTAssertEqual(try actions("action=news.update", owner), ["news.update"])
        XCTAssertEqual(try actions("action=news", owner), ["news.delete", "news.update", "news.create"])
        XCTAssertEqual(try actions("action=new", owner), [], "a record type, not a prefix of one")
        XCTAssertEqual(try actions("record_type=news&record_id=\(id)", owner).count, 3)
        XCTAssertEqual(try actions("from=\(Self.precise(between))", owner), ["news.delete"])
        XCTAssertEqual(try actions("to=\(Self.precise(between))", owner), ["news.update", "news.create"])
        XCTAssertEqual(try actions("action=news&limit=2", owner), ["news.delete", "news.update"])
    }

    func test_badParameters_are422NamingEachOne() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        for (query, fields) in [
            ("actor=bob", ["actor"]), ("actor=person:0", ["actor"]), ("action=News!", ["action"]),
            ("from=yesterday", ["from"]), ("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", ["to"]),
            ("limit=0", ["limit"]), ("colour=red", ["colour"]), ("action=news&action=orders", ["action"]),
            ("cursor=x&record_type=Bad", ["cursor", "record_type"]),
        ] {
            let reply = try h.admin("GET", base + "/audit?" + query, token: owner)
            XCTAssertEqual(reply.status, 422, query)
            XCTAssertEqual(reply.detailFields, Set(fields), query)
        }
    }
}
