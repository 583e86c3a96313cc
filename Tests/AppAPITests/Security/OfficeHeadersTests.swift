import AppAPI
import Foundation
import Kernel
import XCTest

@testable import AppAPI

/// The response headers the back office relies on: every page and asset with its CSP (no inline
/// script, no framing), nosniff and no referrer; every staff and session API answer — with
/// personal data in it — `Cache-Control: no-store` and nosniff, errors included.
final class OfficeHeadersTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }

    override func setUpWithError() throws { f = try SecurityFixture() }
    override func tearDown() { f?.stop() }

    func assertPageHeaders(_ reply: Harness.Reply, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let csp = reply.headers["content-security-policy"] ?? ""
        XCTAssertTrue(csp.contains("frame-ancestors 'none'"), "\(what): \(csp)", file: file, line: line)
        XCTAssertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(what): \(csp)", file: file, line: line)
        XCTAssertTrue(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), "\(what): \(csp)", file: file, line: line)
        XCTAssertEqual(reply.headers["x-content-type-options"], "nosniff", what, file: file, line: line)
        XCTAssertEqual(reply.headers["referrer-policy"], "no-referrer", what, file: file, line: line)
        XCTAssertEqual(reply.headers["x-frame-options"], "DENY", what, file: file, line: line)
    }

    func test_everyOfficePageAndAsset_hasItsSecurityHeaders() throws {
        for screen in OfficeRoutes.screens {
            let path = screen.replacingOccurrences(of: "{tenant}", with: "coffee-shop")
                .replacingOccurrences(of: #"\{[a-z]+\}"#, with: "5001", options: .regularExpression)
            let reply = try h.get(path)
            XCTAssertEqual(reply.status, 200, path)
            assertPageHeaders(reply, path)
        }
        for name in h.context.office.files.keys where name != "index.html" {
            let reply = try h.get("/office/assets/\(name)")
            XCTAssertEqual(reply.status, 200, name)
            assertPageHeaders(reply, name)
        }
    }

    func assertAPIHeaders(_ reply: Harness.Reply, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(reply.headers["cache-control"]?.contains("no-store") ?? false, "\(what) (\(reply.status)): Cache-Control \(reply.headers["cache-control"] ?? "missing")", file: file, line: line)
        XCTAssertEqual(reply.headers["x-content-type-options"], "nosniff", "\(what) (\(reply.status))", file: file, line: line)
    }

    /// Answers of every kind: a read, a change (204s included), a refusal, a 404.
    func test_everyStaffAndSessionAPIAnswer_isNoStoreAndNosniff() throws {
        for endpoint in f.staffRoutes {
            let slug = try f.victim(of: endpoint)
            let path = try f.path(endpoint, on: slug)
            let method = endpoint.method.rawValue
            let key = SecurityFixture.key(endpoint)
            let body: Any? = endpoint.method == .GET ? nil : [String: Any]()
            assertAPIHeaders(try h.admin(method, path, token: try f.token(slug), body: body), "\(key) by token")
            assertAPIHeaders(try f.office(method, path, try f.session(slug), body: body), "\(key) by session")
            assertAPIHeaders(try h.call(method, path, body: body), "\(key) without credentials")
            assertAPIHeaders(try h.admin(method, path, token: try f.token(SecurityFixture.other(slug)), body: body), "\(key) by another tenant")
        }
        for endpoint in f.officeAPIRoutes {
            let path = endpoint.pattern.replacingOccurrences(of: "{token}", with: "tsl_not-a-link")
            let method = endpoint.method.rawValue
            let body: Any? = endpoint.method == .GET ? nil : [String: Any]()
            assertAPIHeaders(try h.call(method, path, body: body), "\(SecurityFixture.key(endpoint)) without a session")
        }
        // A long poll that waits (and, with nothing new, answers when its wait is over) too.
        let waited = try h.admin("GET", "/admin/api/v1/coffee-shop/dialog-updates?after=999999&wait=1", token: try f.token("coffee-shop"))
        XCTAssertEqual(waited.status, 200, waited.text)
        assertAPIHeaders(waited, "a long poll that waited")
        // Last: it signs the session out.
        for endpoint in f.officeAPIRoutes.sorted(by: { $0.method == .GET && $1.method != .GET }) {
            let path = endpoint.pattern.replacingOccurrences(of: "{token}", with: "tsl_not-a-link")
            let method = endpoint.method.rawValue
            let body: Any? = endpoint.method == .GET ? nil : [String: Any]()
            assertAPIHeaders(try f.office(method, path, try f.session("coffee-shop"), body: body), "\(SecurityFixture.key(endpoint)) with a session")
        }
    }
}
