import Foundation
import Kernel
import XCTest

/// Every staff write lands in the tenant's audit log with who, role, action, record, before and
/// after, and address; owners read it through `GET …/audit`, other roles may not.
final class StaffAuditTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_writes_areAudited_withBeforeAndAfter_andOnlyOwnersReadTheLog() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        let base = "/admin/api/v1/coffee-shop"
        let created = try h.admin(
            "POST", base + "/news", token: owner, body: ["section": "news", "title": "<script>x</script>"])
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap((created.json["post"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual(try h.admin("PATCH", base + "/news/\(id)", token: owner, body: ["title": "Better"]).status, 200)
        // A refused write and a read leave nothing.
        XCTAssertEqual(try h.admin("PATCH", base + "/news/\(id)", token: owner, body: ["title": 5]).status, 422)
        XCTAssertEqual(try h.admin("GET", base + "/news", token: owner).status, 200)
        XCTAssertEqual(try h.admin("DELETE", base + "/news/\(id)", token: owner).status, 204)

        let log = try h.admin("GET", base + "/audit", token: owner)
        XCTAssertEqual(log.status, 200, log.text)
        let entries = try XCTUnwrap(log.json["entries"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["action"] as? String }, ["news.delete", "news.update", "news.create"])
        XCTAssertEqual(Set(entries.map { $0["record_id"] as? String }), [String(id)])
        XCTAssertEqual(entries.first?["role"] as? String, "owner")
        XCTAssertEqual((entries.first?["actor"] as? [String: Any])?["kind"] as? String, "token")
        XCTAssertEqual(entries.first?["address"] as? String, "127.0.0.1")
        let update = entries[1]
        XCTAssertEqual(
            ((update["before"] as? [String: Any])?["post"] as? [String: Any])?["title"] as? String, "<script>x</script>"
        )
        XCTAssertEqual(((update["after"] as? [String: Any])?["post"] as? [String: Any])?["title"] as? String, "Better")
        XCTAssertTrue(entries[0]["after"] is NSNull, "a deletion answers 204: nothing after")

        let filtered = try h.admin("GET", base + "/audit?record_type=news&limit=1", token: owner)
        XCTAssertEqual((filtered.json["entries"] as? [[String: Any]])?.count, 1)
        let cursor = try XCTUnwrap(filtered.json["next_cursor"] as? String)
        let next = try h.admin("GET", base + "/audit?record_type=news&limit=5&cursor=\(cursor)", token: owner)
        XCTAssertEqual((next.json["entries"] as? [[String: Any]])?.count, 2)
        XCTAssertEqual(try h.admin("GET", base + "/audit?cursor=x", token: owner).status, 422)

        for role in [StaffRole.manager, .support, .analyst] {
            let token = try h.staffToken("coffee-shop", role: role)
            XCTAssertEqual(try h.admin("GET", base + "/audit", token: token).errorCode, "forbidden_role", role.rawValue)
        }
        // Another tenant's owner sees nothing of this log.
        let other = try h.staffToken("events-club", role: .owner)
        XCTAssertEqual(try h.admin("GET", base + "/audit", token: other).status, 403)
        XCTAssertEqual(
            (try h.admin("GET", "/admin/api/v1/events-club/audit", token: other).json["entries"] as? [Any])?.count, 0)
    }
}
