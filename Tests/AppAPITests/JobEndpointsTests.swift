import Foundation
import Kernel
import Postgres
import XCTest

/// Staff see a tenant's background jobs and retry dead letters or cancel queued jobs; nothing of
/// another tenant.
final class JobEndpointsTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func enqueue(_ schema: String, dedupe: String) throws -> Int64 {
        let id = try Identifier(schema)
        return try h.pool.withConnection { conn in
            try JobQueue(schema: id).enqueue("bot.update", payload: ["update_id": 1], dedupeKey: dedupe, on: conn).id
        }
    }

    func test_jobs_listWithCounts_retryDeadAndCancelQueued_onlyInTheirTenant() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        let dead = try enqueue("t_coffee_shop", dedupe: "a")
        let queued = try enqueue("t_coffee_shop", dedupe: "b")
        _ = try enqueue("t_events_club", dedupe: "c")
        try h.pool.execute(
            "UPDATE t_coffee_shop.jobs SET state = 'dead', attempts = 10, finished_at = now(), last_error = 'gave up' WHERE id = \(dead)")
        let base = "/admin/api/v1/coffee-shop/jobs"
        let list = try h.admin("GET", base, token: owner)
        XCTAssertEqual(list.status, 200, list.text)
        XCTAssertEqual((list.json["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }, [Int(queued), Int(dead)])
        XCTAssertEqual((list.json["counts"] as? [String: Any])?["dead"] as? Int, 1)
        XCTAssertEqual(
            (try h.admin("GET", base + "?state=dead", token: owner).json["jobs"] as? [[String: Any]])?.first?["last_error"] as? String,
            "gave up")
        XCTAssertEqual(try h.admin("GET", base + "?state=zombie", token: owner).status, 422)

        XCTAssertEqual(try h.admin("POST", base + "/\(queued)/retry", token: owner).errorCode, "job_state")
        let retried = try h.admin("POST", base + "/\(dead)/retry", token: owner)
        XCTAssertEqual((retried.json["job"] as? [String: Any])?["state"] as? String, "queued", retried.text)
        XCTAssertEqual((try h.admin("POST", base + "/\(queued)/cancel", token: owner).json["job"] as? [String: Any])?["state"] as? String, "cancelled")
        // Job ids are per tenant schema: only this tenant's jobs are reachable here.
        XCTAssertEqual(try h.admin("POST", base + "/999999/cancel", token: owner).errorCode, "job_not_found")
        let other = try h.staffToken("events-club", role: .owner)
        XCTAssertEqual(try h.admin("GET", base, token: other).status, 403)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.jobs WHERE state = 'queued'"), 1)
        // Support may not see jobs; an analyst reads but does not retry.
        XCTAssertEqual(try h.admin("GET", base, token: try h.staffToken("coffee-shop", role: .support)).errorCode, "forbidden_role")
        let analyst = try h.staffToken("coffee-shop", role: .analyst)
        XCTAssertEqual(try h.admin("GET", base, token: analyst).status, 200)
        XCTAssertEqual(try h.admin("POST", base + "/\(dead)/cancel", token: analyst).errorCode, "forbidden_role")
    }
}
