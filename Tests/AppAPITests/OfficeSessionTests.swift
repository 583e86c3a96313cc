import Foundation
import Kernel
import Postgres
import Staff
import XCTest

/// The back office's sign-in and session routes, and session cookies on the staff API: real
/// HTTP, real PostgreSQL, invitations made the way `tessera staff invite` makes them.
final class OfficeSessionTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    /// An invitation link's token for `slug` with `role`, as the CLI creates it.
    func invite(_ slug: String, role: StaffRole, email: String? = nil, lifetime: TimeInterval? = nil) throws -> String {
        let tenantID = h.registry.tenant(slug)!.id
        return try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(
                tenantID: tenantID, role: role, email: email.map { try EmailAddress($0) }, lifetime: lifetime,
                now: Date(), conn
            ).0.value
        }
    }

    struct Browser {
        var cookie: String
        var csrf: String
    }

    /// Accepts an invitation and returns the session cookie and CSRF token.
    func accept(_ token: String, email: String, password: String = "correct horse battery") throws -> (
        Harness.Reply, Browser?
    ) {
        let reply = try h.call(
            "POST", "/office/api/invitations/\(token)/accept",
            body: ["email": email, "name": "Ann <b>Lee</b>", "password": password])
        guard reply.status == 200, let setCookie = reply.headers["set-cookie"],
            let value = setCookie.split(separator: ";").first
        else { return (reply, nil) }
        return (reply, Browser(cookie: String(value), csrf: reply.json["csrf_token"] as? String ?? ""))
    }

    func office(_ method: String, _ path: String, _ browser: Browser, body: Any? = nil, csrf: String? = nil) throws
        -> Harness.Reply
    {
        var headers = ["Cookie": browser.cookie]
        if method != "GET" { headers["X-CSRF-Token"] = csrf ?? browser.csrf }
        return try h.call(method, path, body: body, headers: headers)
    }

    func test_invitation_signsInWithACookieAndTheSessionListsTheTenantsScreens() throws {
        let token = try invite("coffee-shop", role: .manager)
        let peek = try h.call("GET", "/office/api/invitations/\(token)")
        XCTAssertEqual(peek.status, 200, peek.text)
        XCTAssertEqual(peek.json["tenant"] as? String, "coffee-shop")
        XCTAssertEqual(peek.json["role"] as? String, "manager")

        let (reply, browser) = try accept(token, email: "Ann@Example.com")
        XCTAssertEqual(reply.status, 200, reply.text)
        let cookie = try XCTUnwrap(reply.headers["set-cookie"])
        XCTAssertTrue(cookie.hasPrefix("tessera_session="))
        XCTAssertTrue(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), cookie)
        XCTAssertFalse(cookie.contains("Secure"), "plain http in tests")
        let staff = try XCTUnwrap(reply.json["staff"] as? [String: Any])
        XCTAssertEqual(staff["name"] as? String, "Ann <b>Lee</b>", "stored as text; the UI escapes it")
        let memberships = try XCTUnwrap(reply.json["memberships"] as? [[String: Any]])
        XCTAssertEqual(memberships.first?["tenant"] as? String, "coffee-shop")
        let screens = try XCTUnwrap(memberships.first?["screens"] as? [String])
        XCTAssertTrue(
            screens.contains("orders") && screens.contains("quests") && screens.contains("news"), "\(screens)")
        XCTAssertFalse(screens.contains("audit"), "managers do not read the audit log")
        XCTAssertFalse(screens.contains("events"), "coffee-shop has no events section")
        let can = Set(try XCTUnwrap(memberships.first?["can"] as? [String]))
        XCTAssertTrue(can.isSuperset(of: ["read.content", "write.content", "export.people", "write.dialogs"]), "\(can)")
        XCTAssertTrue(can.isDisjoint(with: ["delete.content", "money.orders", "money.finance", "read.audit"]), "\(can)")

        let session = try office("GET", "/office/api/session", try XCTUnwrap(browser))
        XCTAssertEqual(session.status, 200)
        XCTAssertEqual(session.json["csrf_token"] as? String, browser?.csrf)
        // The cookie opens the staff API of that tenant, with the membership's role.
        XCTAssertEqual(try office("GET", "/admin/api/v1/coffee-shop/orders", browser!).status, 200)
        let created = try office(
            "POST", "/admin/api/v1/coffee-shop/news", browser!, body: ["section": "news", "title": "From the office"])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(
            try office("DELETE", "/admin/api/v1/coffee-shop/products/espresso", browser!).errorCode, "forbidden_role")
        // …and nothing of another tenant.
        XCTAssertEqual(try office("GET", "/admin/api/v1/events-club/news", browser!).errorCode, "forbidden")

        // The invitation works once.
        let (again, _) = try accept(token, email: "bob@example.com")
        XCTAssertEqual(again.status, 410)
        XCTAssertEqual(again.errorCode, "invitation_used")
    }

    func test_cookieWrites_needTheSessionsCSRFToken_andChangeNothingWithout() throws {
        let (_, signedIn) = try accept(try invite("coffee-shop", role: .owner), email: "owner@example.com")
        let browser = try XCTUnwrap(signedIn)
        let body = ["section": "news", "title": "Forged"]
        let missing = try h.call(
            "POST", "/admin/api/v1/coffee-shop/news", body: body, headers: ["Cookie": browser.cookie])
        XCTAssertEqual(missing.status, 403)
        XCTAssertEqual(missing.errorCode, "csrf_failed")
        XCTAssertEqual(
            try office("POST", "/admin/api/v1/coffee-shop/news", browser, body: body, csrf: "x" + browser.csrf)
                .errorCode, "csrf_failed")
        XCTAssertEqual(
            try office("PATCH", "/office/api/me", browser, body: ["locale": "en"], csrf: "nope").errorCode,
            "csrf_failed")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.news_posts"), 0)
        XCTAssertEqual(try office("PATCH", "/office/api/me", browser, body: ["locale": "en"]).status, 200)
    }

    func test_signIn_wrongPasswordAndUnknownEmailLookTheSame_andAreRateLimitedWithRetryAfter() throws {
        _ = try accept(
            try invite("coffee-shop", role: .support), email: "sup@example.com", password: "a long passphrase")
        let unknown = try h.call(
            "POST", "/office/api/session", body: ["email": "nobody@example.com", "password": "whatever it is"])
        let wrong = try h.call(
            "POST", "/office/api/session", body: ["email": "sup@example.com", "password": "not the passphrase"])
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(unknown.errorCode, "invalid_credentials")
        XCTAssertEqual(
            (unknown.json["error"] as? [String: Any])?["message"] as? String,
            (wrong.json["error"] as? [String: Any])?["message"] as? String)
        var last = wrong
        for _ in 0..<6 {
            last = try h.call("POST", "/office/api/session", body: ["email": "sup@example.com", "password": "guess"])
        }
        XCTAssertEqual(last.status, 429, last.text)
        XCTAssertEqual(last.errorCode, "rate_limited")
        XCTAssertNotNil(Int(last.headers["retry-after"] ?? ""), "\(last.headers)")
        // Even the right password waits now.
        XCTAssertEqual(
            try h.call(
                "POST", "/office/api/session", body: ["email": "sup@example.com", "password": "a long passphrase"]
            ).status, 429)
    }

    func test_signOut_andSignOutEverywhere_endTheSessions() throws {
        let token = try invite("coffee-shop", role: .analyst, email: "an@example.com")
        let (_, first) = try accept(token, email: "an@example.com", password: "analyst passphrase")
        let signIn = try h.call(
            "POST", "/office/api/session", body: ["email": "an@example.com", "password": "analyst passphrase"])
        XCTAssertEqual(signIn.status, 200, signIn.text)
        let second = Browser(
            cookie: String(signIn.headers["set-cookie"]!.split(separator: ";")[0]),
            csrf: signIn.json["csrf_token"] as! String)
        let a = try XCTUnwrap(first)

        let out = try office("DELETE", "/office/api/session", a)
        XCTAssertEqual(out.status, 204)
        XCTAssertTrue(out.headers["set-cookie"]?.contains("Max-Age=0") ?? false)
        XCTAssertEqual(try office("GET", "/office/api/session", a).errorCode, "session_expired")
        XCTAssertEqual(try office("GET", "/admin/api/v1/coffee-shop/orders", a).errorCode, "session_expired")
        XCTAssertEqual(try office("GET", "/admin/api/v1/coffee-shop/orders", second).status, 200)

        XCTAssertEqual(try office("POST", "/office/api/session/sign-out-everywhere", second).status, 204)
        XCTAssertEqual(try office("GET", "/office/api/session", second).errorCode, "session_expired")
        XCTAssertEqual(try h.call("GET", "/office/api/session").errorCode, "session_missing")
    }

    func test_links_expiredAndUnknown_areClearErrors_andBadBodiesAre422() throws {
        let expired = try invite("coffee-shop", role: .manager)
        try h.pool.execute(
            "UPDATE platform.staff_links SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE token_hash = \(StaffSecretToken(expired)!.hash)"
        )
        XCTAssertEqual(try h.call("GET", "/office/api/invitations/\(expired)").errorCode, "invitation_expired")
        XCTAssertEqual(try h.call("GET", "/office/api/invitations/nonsense").errorCode, "invitation_invalid")
        let fresh = try invite("coffee-shop", role: .manager)
        let bad = try h.call(
            "POST", "/office/api/invitations/\(fresh)/accept", body: ["name": 5, "password": "short", "extra": true])
        XCTAssertEqual(bad.status, 422, bad.text)
        let fields = ((bad.json["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap {
            $0["field"] as? String
        }
        XCTAssertTrue(fields.contains("name") && fields.contains("extra"), "\(fields)")
        let weak = try h.call(
            "POST", "/office/api/invitations/\(fresh)/accept",
            body: ["email": "w@example.com", "name": "W", "password": "short"])
        XCTAssertEqual(weak.status, 422)
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_people WHERE email = 'w@example.com'"), 0)
        // A sign-in posted from another site is refused (login CSRF).
        let foreign = try h.call(
            "POST", "/office/api/session", body: ["email": "a@example.com", "password": "x"],
            headers: ["Origin": "https://evil.example"])
        XCTAssertEqual(foreign.errorCode, "origin_mismatch")
    }

    func test_telegramSignIn_isAcceptedForAnyone_andTheBotSendsALinkThatSignsInOnce() throws {
        h.stop()
        let telegram = try SimulatedTelegram(
            slug: "coffee-shop", botUsername: "beans_bot", publicURL: "https://office.example")
        defer { telegram.stop() }
        h = telegram.h
        let user = Harness.user(id: 777_001)
        XCTAssertEqual(telegram.simulator.sendStart(botID: telegram.bot, user: user).delivered, true)
        let (_, signedIn) = try accept(try invite("coffee-shop", role: .support), email: "tg@example.com")
        XCTAssertNotNil(signedIn)
        XCTAssertEqual(
            try h.call("POST", "/office/api/telegram-sign-in", body: ["email": "nobody@example.com"]).status, 202)
        XCTAssertEqual(
            try h.call("POST", "/office/api/telegram-sign-in", body: ["email": "tg@example.com"]).status, 202)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'staff.telegram_sign_in'"), 0,
            "not linked: nothing to send")
        try h.pool.execute("UPDATE platform.staff_people SET telegram_user_id = 777001 WHERE email = 'tg@example.com'")
        XCTAssertEqual(
            try h.call("POST", "/office/api/telegram-sign-in", body: ["email": "tg@example.com"]).status, 202)
        XCTAssertEqual(
            try h.call("POST", "/office/api/telegram-sign-in", body: ["email": "tg@example.com"]).status, 202)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'staff.telegram_sign_in'"), 1,
            "a double click is one job")
        let payload = try h.pool.query(
            "SELECT payload::text FROM t_coffee_shop.jobs WHERE kind = 'staff.telegram_sign_in'"
        ).first!
        .decode(String.self, 0)
        XCTAssertEqual(payload.contains("token"), false, "the job holds no link token: \(payload)")

        XCTAssertEqual(try h.context.jobs.runDue().done, 2, "the welcome answering the /start, then the link")
        let message = try XCTUnwrap(telegram.simulator.sentMessages(botID: telegram.bot, chatID: user.id).last)
        let url = try XCTUnwrap(message["reply_markup"]?["inline_keyboard"]?[0]?[0]?["url"]?.stringValue)
        XCTAssertTrue(url.hasPrefix("https://office.example/office/telegram/"), url)
        let token = String(url.split(separator: "/").last!)
        let first = try h.call("POST", "/office/api/telegram-sign-in/\(token)")
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertTrue(first.headers["set-cookie"]?.contains("Secure") ?? false, "https public URL: Secure cookies")
        XCTAssertEqual(try h.call("POST", "/office/api/telegram-sign-in/\(token)").errorCode, "link_used")
    }
}
