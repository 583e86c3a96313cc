import Foundation
import Kernel
import Postgres
import XCTest

final class NewsEndpointsTests: XCTestCase {
    var h: Harness!
    var token = ""

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("coffee-shop")
    }

    override func tearDown() { h?.stop() }

    func createPost(_ slug: String, _ body: [String: Any], token: String) throws -> Int {
        let reply = try h.admin("POST", "/admin/api/v1/\(slug)/news", token: token, body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["post"] as? [String: Any])?["id"] as? Int ?? 0
    }

    func test_adminCRUD_sanitisesTheBodyAndReportsEveryInvalidField() throws {
        let base = "/admin/api/v1/coffee-shop/news"
        // Two news sections: the section must be named.
        let unnamed = try h.admin("POST", base, token: token, body: ["title": "Hi"])
        XCTAssertEqual(unnamed.status, 422)
        XCTAssertEqual(unnamed.errorCode, "validation_failed")
        XCTAssertEqual(unnamed.detailFields, ["section"])

        let invalid = try h.admin("POST", base, token: token, body: [
            "section": "news", "title": "  ", "image_url": "javascript:alert(1)", "categories": ["menu", "nope"],
            "publish_at": "2025-03-01T09:30:00", "colour": "red",
        ])
        XCTAssertEqual(invalid.status, 422, invalid.text)
        XCTAssertEqual(invalid.detailFields, ["title", "image_url", "categories", "publish_at", "colour"])
        XCTAssertEqual(try h.admin("POST", base, token: token, body: Data("{\"title\":".utf8)).errorCode, "malformed_body")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.news_posts"), 0)

        let created = try h.admin("POST", base, token: token, body: [
            "section": "news", "title": "New beans", "body": "<p onclick=\"x()\">Fresh <b>Kenya</b><script>alert(1)</script></p>",
            "image_url": "https://example.com/k.jpg", "categories": ["menu"],
        ])
        XCTAssertEqual(created.status, 201, created.text)
        let post = try XCTUnwrap(created.json["post"] as? [String: Any])
        let id = try XCTUnwrap(post["id"] as? Int)
        XCTAssertEqual(post["body"] as? String, "<p>Fresh <b>Kenya</b></p>")
        XCTAssertEqual(post["status"] as? String, "published")
        XCTAssertEqual(created.headers["location"], "\(base)/\(id)")
        XCTAssertEqual(
            try h.pool.query("SELECT body FROM t_coffee_shop.news_posts").first!.decode(String.self, 0), "<p>Fresh <b>Kenya</b></p>")

        let patched = try h.admin("PATCH", "\(base)/\(id)", token: token, body: ["title": "Kenyan beans", "pinned": true, "image_url": NSNull()])
        XCTAssertEqual(patched.status, 200, patched.text)
        let changed = try XCTUnwrap(patched.json["post"] as? [String: Any])
        XCTAssertEqual(changed["title"] as? String, "Kenyan beans")
        XCTAssertEqual(changed["pinned"] as? Bool, true)
        XCTAssertTrue(changed["image_url"] is NSNull)
        XCTAssertEqual(changed["categories"] as? [String], ["menu"])

        let rejected = try h.admin("PATCH", "\(base)/\(id)", token: token, body: ["title": "Changed", "categories": ["nope"]])
        XCTAssertEqual(rejected.status, 422)
        let shown = try h.admin("GET", "\(base)/\(id)", token: token)
        XCTAssertEqual((shown.json["post"] as? [String: Any])?["title"] as? String, "Kenyan beans", "nothing changes on error")

        let manager = try h.staffToken("coffee-shop", role: .manager)
        let refused = try h.admin("DELETE", "\(base)/\(id)", token: manager)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertEqual(refused.errorCode, "forbidden_role")
        XCTAssertEqual(try h.admin("GET", "\(base)/\(id)", token: manager).status, 200, "a manager's delete changes nothing")
        XCTAssertEqual(try h.admin("DELETE", "\(base)/\(id)", token: token).status, 204)
        XCTAssertEqual(try h.admin("GET", "\(base)/\(id)", token: token).errorCode, "post_not_found")
        XCTAssertEqual(try h.admin("DELETE", "\(base)/\(id)", token: token).status, 404)
    }

    func test_feed_pagesWithCursorsPinnedFirstAndHidesScheduledPosts() throws {
        let token = try h.staffToken("events-club")
        let start = Date().addingTimeInterval(-100_000)
        var expected: [Int] = []
        var pinned: [Int] = []
        for i in 0..<23 {
            let id = try createPost("events-club", ["title": "Post \(i)", "publish_at": iso(start.addingTimeInterval(Double(i) * 60)), "pinned": i == 3 || i == 7], token: token)
            if i == 3 || i == 7 { pinned.append(id) } else { expected.append(id) }
        }
        // Two posts share one instant: the id breaks the tie.
        let same = iso(start.addingTimeInterval(-10))
        let tieA = try createPost("events-club", ["title": "Tie A", "publish_at": same], token: token)
        let tieB = try createPost("events-club", ["title": "Tie B", "publish_at": same], token: token)
        let scheduled = try createPost("events-club", ["title": "Tomorrow", "publish_at": iso(Date().addingTimeInterval(86_400))], token: token)
        let order = pinned.reversed() + expected.reversed() + [tieB, tieA]

        var seen: [Int] = []
        var path: String? = "/api/v1/events-club/sections/news/posts?limit=4"
        var pages = 0
        while let next = path {
            let reply = try h.user("GET", next)
            XCTAssertEqual(reply.status, 200, reply.text)
            let posts = try XCTUnwrap(reply.json["posts"] as? [[String: Any]])
            XCTAssertLessThanOrEqual(posts.count, 4)
            XCTAssertEqual((reply.json["items"] as? [Any])?.count, posts.count)
            seen += posts.compactMap { $0["id"] as? Int }
            path = (reply.json["next"] as? String)?.replacingOccurrences(of: "{tenant}", with: "events-club")
            pages += 1
            XCTAssertLessThan(pages, 20)
        }
        XCTAssertEqual(seen, order)
        XCTAssertFalse(seen.contains(scheduled))
        XCTAssertEqual(try h.user("GET", "/api/v1/events-club/sections/news/posts/\(scheduled)").errorCode, "post_not_found")

        // The default page is the section's page_size (10); `limit` asks for 1…100 (docs/openapi.json).
        XCTAssertEqual((try h.user("GET", "/api/v1/events-club/sections/news/posts").json["posts"] as? [Any])?.count, 10)
        XCTAssertEqual((try h.user("GET", "/api/v1/events-club/sections/news/posts?limit=11").json["posts"] as? [Any])?.count, 11)
        XCTAssertEqual(try h.user("GET", "/api/v1/events-club/sections/news/posts?limit=101").detailFields, ["limit"])
        XCTAssertEqual(try h.user("GET", "/api/v1/events-club/sections/news/posts?cursor=bm9wZQ").detailFields, ["cursor"])
        XCTAssertEqual(try h.user("GET", "/api/v1/events-club/sections/events/posts").errorCode, "section_not_found")

        // Staff see the scheduled post, marked as such.
        let staff = try h.admin("GET", "/admin/api/v1/events-club/news?limit=100", token: token)
        let all = try XCTUnwrap(staff.json["posts"] as? [[String: Any]])
        XCTAssertEqual(all.count, 26)
        XCTAssertEqual(all.first { $0["id"] as? Int == scheduled }?["status"] as? String, "scheduled")
    }

    func test_feed_filtersByCategoryAndHidesSectionsTheCallerCannotSee() throws {
        let menu = try createPost("coffee-shop", ["section": "news", "title": "Menu", "categories": ["menu"]], token: token)
        _ = try createPost("coffee-shop", ["section": "news", "title": "Cupping", "categories": ["events"]], token: token)
        _ = try createPost("coffee-shop", ["section": "barista-club", "title": "Shift notes"], token: token)
        let filtered = try h.user("GET", "/api/v1/coffee-shop/sections/news/posts?category=menu", slug: "coffee-shop")
        XCTAssertEqual((filtered.json["posts"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }, [menu])
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/sections/news/posts?category=zzz", slug: "coffee-shop").status, 422)
        // show_views is false for this section: no counts are exposed.
        XCTAssertNil((filtered.json["posts"] as? [[String: Any]])?.first?["views"])
        // barista-club is visible only to tagged staff.
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/sections/barista-club/posts", slug: "coffee-shop").status, 404)
    }

    func test_views_countOncePerParticipant() throws {
        let token = try h.staffToken("events-club")
        let id = try createPost("events-club", ["title": "Read me", "body": "Hello"], token: token)
        let path = "/api/v1/events-club/sections/news/posts/\(id)"
        let first = try h.user("GET", path, userID: 1)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual((first.json["post"] as? [String: Any])?["views"] as? Int, 1)
        let screen = try XCTUnwrap(first.json["screen"] as? [String: Any])
        XCTAssertTrue((screen["components"] as? [[String: Any]] ?? []).contains { $0["type"] as? String == "rich_text" })
        _ = try h.user("GET", path, userID: 1)
        _ = try h.user("GET", path, userID: 1)
        let other = try h.user("GET", path, userID: 2)
        XCTAssertEqual((other.json["post"] as? [String: Any])?["views"] as? Int, 2)
        XCTAssertEqual(try h.count("SELECT views FROM t_events_club.news_posts WHERE id = \(id)"), 2)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.news_views"), 2)
    }

    func test_newsScreen_carriesTheFirstPageAndTheNextPath() throws {
        let token = try h.staffToken("events-club")
        for i in 0..<12 { _ = try createPost("events-club", ["title": "P\(i)"], token: token) }
        let reply = try h.user("GET", "/api/v1/events-club/screens/news")
        XCTAssertEqual(reply.status, 200, reply.text)
        let components = try XCTUnwrap((reply.json["screen"] as? [String: Any])?["components"] as? [[String: Any]])
        let list = try XCTUnwrap(components.first { $0["type"] as? String == "card_list" })
        let items = try XCTUnwrap(list["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 10)
        XCTAssertEqual(items.first?["title"] as? String, "P11")
        XCTAssertEqual((items.first?["action"] as? [String: Any])?["kind"] as? String, "open_detail")
        let next = try XCTUnwrap(list["next"] as? String)
        let rest = try h.user("GET", next.replacingOccurrences(of: "{tenant}", with: "events-club"))
        XCTAssertEqual((rest.json["items"] as? [Any])?.count, 2)
        XCTAssertTrue(rest.json["next"] is NSNull)

        // A new post shows at once; the ETag follows the content.
        let etag = try XCTUnwrap(reply.headers["etag"])
        _ = try createPost("events-club", ["title": "Fresh"], token: token)
        let again = try h.user("GET", "/api/v1/events-club/screens/news")
        XCTAssertNotEqual(again.headers["etag"], etag)
        XCTAssertTrue(again.text.contains("Fresh"))
    }
}
