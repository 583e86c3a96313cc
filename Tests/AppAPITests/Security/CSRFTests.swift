import Foundation
import Kernel
import XCTest

/// Every change made with the session cookie — each non-GET staff route and each `/office/api/`
/// route that acts on the session — is refused without the session's `X-CSRF-Token`, with a
/// forged one, and from another site (`Origin`, `Sec-Fetch-Site`), and changes nothing; the
/// sign-in routes refuse other sites too. Bearer tokens need none of it.
final class CSRFTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }
    var bodies: DocumentedBodies!

    override func setUpWithError() throws {
        f = try SecurityFixture()
        bodies = try DocumentedBodies()
    }
    override func tearDown() { f?.stop() }

    /// The headers a page of another site makes a browser send, each way it can be told.
    static let crossSite: [(String, [String: String])] = [
        ("Origin", ["Origin": "https://evil.example"]),
        ("Sec-Fetch-Site cross-site", ["Sec-Fetch-Site": "cross-site"]),
        ("Sec-Fetch-Site same-site", ["Sec-Fetch-Site": "same-site", "Origin": "https://office.evil.example"]),
    ]

    /// Everything a refused change might have touched: the tenant's schema and the platform's
    /// staff tables (sessions' `last_seen_at` aside, which reads refresh too).
    func snapshot(_ slug: String) throws -> [String: String] {
        var all = try f.dump(SecurityFixture.schema(slug))
        for (table, digest) in try f.dump("platform") where table != "staff_sessions" { all["platform." + table] = digest }
        return all
    }

    func test_everyCookieWrite_withoutOrWithAForgedCSRFTokenOrFromAnotherSite_isRefusedAndChangesNothing() throws {
        let writes = f.staffRoutes.filter { $0.method != .GET }
        XCTAssertGreaterThan(writes.count, 20)
        for endpoint in writes {
            let key = SecurityFixture.key(endpoint)
            let slug = try f.victim(of: endpoint)
            let path = try f.path(endpoint, on: slug)
            let method = endpoint.method.rawValue
            let body = bodies.validBody(method, endpoint.pattern)
            let session = try f.session(slug)
            let before = try snapshot(slug)
            let missing = try h.call(method, path, body: body, headers: ["Cookie": session.cookie])
            XCTAssertEqual(missing.errorCode, "csrf_failed", "\(key) without X-CSRF-Token: \(missing.status) \(missing.text)")
            let forged = try f.office(method, path, session, body: body, headers: ["X-CSRF-Token": "forged" + session.csrf])
            XCTAssertEqual(forged.errorCode, "csrf_failed", "\(key) with a forged token: \(forged.status) \(forged.text)")
            for (how, headers) in Self.crossSite {
                let foreign = try f.office(method, path, session, body: body, headers: headers)
                XCTAssertEqual(foreign.status, 403, "\(key) from another site (\(how)): \(foreign.text)")
                XCTAssertEqual(foreign.errorCode, "origin_mismatch", "\(key) (\(how))")
            }
            XCTAssertEqual(SecurityFixture.changed(before, try snapshot(slug)), [], "\(key) changed something")
        }
        // The same calls from the office's own page get past both guards (after all the refusals:
        // these change things, some through the bot, whose answers arrive in their own time).
        for endpoint in writes {
            let slug = try f.victim(of: endpoint)
            let path = try f.path(endpoint, on: slug)
            let method = endpoint.method.rawValue
            let own = try f.office(
                method, path, try f.session(slug), body: bodies.validBody(method, endpoint.pattern),
                headers: ["Sec-Fetch-Site": "same-origin", "Origin": h.baseURL])
            XCTAssertFalse(["csrf_failed", "origin_mismatch"].contains(own.errorCode ?? ""), "\(SecurityFixture.key(endpoint)): \(own.text)")
        }
    }

    func test_everyOfficeAPIChange_isRefusedFromAnotherSite_andSessionRoutesWithoutTheCSRFToken() throws {
        var sessionRoutes = 0
        for endpoint in f.officeAPIRoutes where endpoint.method != .GET {
            let key = SecurityFixture.key(endpoint)
            let method = endpoint.method.rawValue
            let path = endpoint.pattern.replacingOccurrences(of: "{token}", with: "tsl_not-a-link")
            let body = bodies.validBody(method, endpoint.pattern)
            // A fresh session per route: the routes include signing out.
            let session = try f.signIn("coffee-shop", role: .manager, email: "csrf-\(sessionRoutes)-\(UUID().uuidString.prefix(8))@example.com")
            // A route that needs the session answers 401 without the cookie (asked before the
            // snapshot: a sign-in route counts this attempt as a failure).
            let needsSession = try h.call(method, path, body: body).errorCode == "session_missing"
            let before = try snapshot("coffee-shop")
            for (how, headers) in Self.crossSite {
                let foreign = try f.office(method, path, session, body: body, headers: headers)
                XCTAssertEqual(foreign.errorCode, "origin_mismatch", "\(key) from another site (\(how)): \(foreign.status) \(foreign.text)")
            }
            // …and its CSRF token.
            if needsSession {
                sessionRoutes += 1
                let missing = try h.call(method, path, body: body, headers: ["Cookie": session.cookie])
                XCTAssertEqual(missing.errorCode, "csrf_failed", "\(key) without X-CSRF-Token: \(missing.text)")
                let forged = try f.office(method, path, session, body: body, headers: ["X-CSRF-Token": session.csrf + "x"])
                XCTAssertEqual(forged.errorCode, "csrf_failed", "\(key) with a forged token: \(forged.text)")
                XCTAssertEqual(try f.office("GET", "/office/api/session", session).status, 200, "\(key): still signed in")
            }
            XCTAssertEqual(SecurityFixture.changed(before, try snapshot("coffee-shop")), [], "\(key) changed something")
        }
        XCTAssertGreaterThanOrEqual(sessionRoutes, 3, "PATCH me, sign out, sign out everywhere")
    }

    /// API clients with a bearer token are not browsers: no CSRF token, no Origin checks.
    func test_bearerTokenWrites_needNoCSRFTokenOrOrigin() throws {
        let reply = try h.admin("POST", "/admin/api/v1/coffee-shop/news", token: try f.token("coffee-shop"), body: ["section": "news", "title": "By API"])
        XCTAssertEqual(reply.status, 201, reply.text)
    }
}
