import AppAPI
import Foundation
import HTTP
import XCTest

/// The back-office front end as served: the shell for every screen URL, its assets, their headers.
final class OfficeRoutesTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_shell_isServedForTheRootAndEveryDeepLink() throws {
        for path in [
            "/office/", "/office/sign-in", "/office/invite/abc", "/office/coffee-shop/",
            "/office/coffee-shop/orders/12?status=paid",
        ] {
            let reply = try h.get(path)
            XCTAssertEqual(reply.status, 200, path)
            XCTAssertEqual(reply.headers["content-type"], "text/html; charset=utf-8", path)
            XCTAssertTrue(reply.text.contains("/office/assets/app.js"), path)
        }
        // Through the router: Linux's URLSession loops on this redirect (it drops the trailing slash).
        let bare = AppServer.makeRouter(h.context).respond(to: HTTPRequest(method: .GET, target: "/office"))
        XCTAssertEqual(bare.status, 308)
        XCTAssertEqual(bare.headers["Location"], "/office/")
    }

    func test_shellAndAssets_carryAStrictContentSecurityPolicy() throws {
        for path in ["/office/", "/office/assets/app.js", "/office/assets/office.css"] {
            let reply = try h.get(path)
            XCTAssertEqual(reply.status, 200, path)
            let csp = try XCTUnwrap(reply.headers["content-security-policy"], path)
            XCTAssertTrue(csp.contains("script-src 'self';"), csp)
            XCTAssertTrue(csp.contains("frame-ancestors 'none'"), csp)
            XCTAssertFalse(csp.contains("unsafe-inline"), csp)
            XCTAssertEqual(reply.headers["referrer-policy"], "no-referrer")
            XCTAssertEqual(reply.headers["x-content-type-options"], "nosniff")
            XCTAssertEqual(reply.headers["cache-control"], "no-cache")
            XCTAssertNotNil(reply.headers["etag"])
        }
        let js = try h.get("/office/assets/app.js")
        XCTAssertEqual(js.headers["content-type"], "text/javascript; charset=utf-8")
        let again = try h.get("/office/assets/app.js", headers: ["If-None-Match": js.headers["etag"]!])
        XCTAssertEqual(again.status, 304)
    }

    func test_unknownAssetsScreensAndSessionAPIPaths_are404JSON() throws {
        for path in ["/office/assets/nope.js", "/office/assets/index.html", "/office/api/nothing-here", "/office/coffee-shop/nope/deeper"] {
            let reply = try h.get(path)
            XCTAssertEqual(reply.status, 404, path)
            XCTAssertEqual(reply.errorCode, "not_found", path)
        }
    }

    /// No script or style inline, no innerHTML: what CSP forbids and escaping demands.
    func test_frontEnd_hasNoInlineScriptsAndNeverWritesHTML() throws {
        let folder = Harness.repoRoot.appendingPathComponent("Sources/AppAPI/Office")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if name.hasSuffix(".js") {
                for banned in [".innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
                    XCTAssertFalse(text.contains(banned), "\(name) uses \(banned)")
                }
            }
            if name.hasSuffix(".html") {
                XCTAssertFalse(text.contains("<script>"), "\(name) has an inline script")
                XCTAssertFalse(text.contains("style="), "\(name) has an inline style")
            }
        }
    }
}
