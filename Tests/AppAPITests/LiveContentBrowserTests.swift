import Foundation
import Kernel
import XCTest

/// The mini app in headless Chromium with live content: the feed shows posts, and an event's own
/// screen shows its details and the registration form aimed at it.
final class LiveContentBrowserTests: XCTestCase {
    func dom(_ h: Harness, slug: String, route: String) throws -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData(slug).addingPercentEncoding(withAllowedCharacters: allowed)!
        let url = "\(h.baseURL)/app/\(slug)/#/s/\(route)?tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web"
        return try BrowserTests.runChromium(["--dump-dom", url])
    }

    func test_miniApp_showsPostsAndAnEventWithItsRegistrationForm() throws {
        let h = try Harness()
        defer { h.stop() }
        let token = try h.staffToken("events-club")
        let post = try h.admin("POST", "/admin/api/v1/events-club/news", token: token, body: [
            "title": "Owls are back", "body": "<p>See you <b>Thursday</b><script>document.title='pwned'</script></p>",
        ])
        XCTAssertEqual(post.status, 201, post.text)
        let created = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: [
            "section": "events", "title": "Night walk", "place": "Old bridge", "starts_at": iso(Date().addingTimeInterval(86_400)),
        ])
        let eventID = try XCTUnwrap((created.json["event"] as? [String: Any])?["id"] as? Int)

        let feed = try dom(h, slug: "events-club", route: "news")
        XCTAssertTrue(feed.contains("data-ready=\"true\""), String(feed.prefix(2000)))
        XCTAssertTrue(feed.contains("Owls are back"), "the feed shows the post")

        let postID = try XCTUnwrap((post.json["post"] as? [String: Any])?["id"] as? Int)
        let article = try dom(h, slug: "events-club", route: "news/posts/\(postID)")
        XCTAssertTrue(article.contains("<b>Thursday</b>"), String(article.prefix(3000)))
        XCTAssertFalse(article.contains("pwned"))

        let event = try dom(h, slug: "events-club", route: "events/events/\(eventID)")
        XCTAssertTrue(event.contains("data-screen=\"events/events/\(eventID)\""), String(event.prefix(3000)))
        XCTAssertTrue(event.contains("Old bridge"))
        XCTAssertTrue(event.contains("c-form"), "the registration form is on the event's screen")
    }
}
