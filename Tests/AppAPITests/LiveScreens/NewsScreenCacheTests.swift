import Foundation
import Kernel
import XCTest

/// The news screen served from memory under its content version: a staff write shows on this
/// process's next request, a write from elsewhere (another server, the CLI: here plain SQL) within
/// a second through the content triggers' NOTIFY, and a scheduled post when its time comes,
/// without any write. Not timed: the deadlines only bound the polling.
final class NewsScreenCacheTests: XCTestCase {
    var h: Harness!
    var token: String!

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("coffee-shop")
        h.awaitListening()
    }

    override func tearDown() { h?.stop() }

    func screen() throws -> Harness.Reply {
        let reply = try h.get(
            "/api/v1/coffee-shop/screens/news", headers: ["Authorization": "tma " + Harness.initData("coffee-shop")])
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply
    }

    /// Polls the screen until it contains `text` or `seconds` pass; whether it did.
    func screenShows(_ text: String, within seconds: TimeInterval) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try screen().text.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return false
    }

    func test_staffWrite_isOnTheNextRequest_andTheCachedBodyIsServedUntilThen() throws {
        let empty = try screen()
        XCTAssertEqual(try screen().headers["etag"], empty.headers["etag"], "the same body from the cache")
        let created = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/news", token: token, body: ["section": "news", "title": "Fresh Kenya"])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertTrue(try screen().text.contains("Fresh Kenya"), "a staff write shows on the very next request")
        let id = try XCTUnwrap((created.json["post"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual(try h.admin("DELETE", "/admin/api/v1/coffee-shop/news/\(id)", token: token).status, 204)
        XCTAssertFalse(try screen().text.contains("Fresh Kenya"), "nor does a deleted post linger")
    }

    func test_writeFromElsewhere_isHeardThroughTheContentTriggers_withinASecond() throws {
        XCTAssertFalse(try screen().text.contains("Written by SQL"))
        _ = try h.pool.query("INSERT INTO t_coffee_shop.news_posts (section, title) VALUES ('news', 'Written by SQL')")
        XCTAssertTrue(try screenShows("Written by SQL", within: 1), "the NOTIFY of the insert did not reach the cache")
        // A view moves the counter only; the cached screen is not thrown away for it.
        let before = try screen().headers["etag"]
        _ = try h.pool.query("UPDATE t_coffee_shop.news_posts SET views = views + 1")
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(try screen().headers["etag"], before)
    }

    func test_scheduledPost_appearsWhenItsTimeComes_withoutAWrite() throws {
        let at = Date().addingTimeInterval(2)
        let created = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/news", token: token,
            body: ["section": "news", "title": "At its time", "publish_at": ISO8601DateFormatter().string(from: at.addingTimeInterval(0.5))])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertFalse(try screen().text.contains("At its time"), "not before its time")
        Thread.sleep(until: at.addingTimeInterval(0.5))
        XCTAssertTrue(try screenShows("At its time", within: 1.5), "the cache knew when the post was due")
    }
}
