import Foundation
import Kernel
import Postgres
import Staff
import Tenancy
import XCTest

/// A session stops opening anything the moment it should: expired, idle too long, signed out
/// everywhere, its person disabled → 401 on every staff route and every session route; removed
/// from a tenant → 403 on that tenant's routes; demoted → the new role's table from the next
/// request. One-time links (invitations, password resets, Telegram sign-ins) work once and not
/// after they expire.
final class SessionStateTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }

    override func setUpWithError() throws { f = try SecurityFixture() }
    override func tearDown() { f?.stop() }

    /// A new owner of both tenants, signed in; their person id.
    func ownerOfBoth(_ email: String) throws -> (SecurityFixture.Session, Int64) {
        let session = try f.signIn("coffee-shop", role: .owner, email: email)
        let id = try h.count("SELECT id FROM platform.staff_people WHERE email = '\(email)'")
        let events = try h.tenantID("events-club")
        _ = try h.pool.withConnection { try StaffDirectory().addMember(personID: id, tenantID: events, role: .owner, $0) }
        return (session, id)
    }

    /// Every staff route on `slug` (with the records of whichever tenant has them: the session
    /// is refused before any record is looked up) and the session routes, each with `session`.
    func callEverything(_ session: SecurityFixture.Session, slug: String? = nil) throws -> [(String, Endpoint?, Harness.Reply)] {
        var out: [(String, Endpoint?, Harness.Reply)] = []
        for endpoint in f.staffRoutes {
            let tenant = try slug ?? f.victim(of: endpoint)
            let values = (f.ids["events-club"] ?? [:]).merging(f.ids["coffee-shop"] ?? [:]) { _, coffee in coffee }
            let ids = f.ids[tenant].map { values.merging($0) { _, own in own } } ?? values
            let path = try SecurityFixture.path(endpoint.pattern, tenant: tenant, ids)
            let method = endpoint.method.rawValue
            out.append((SecurityFixture.key(endpoint), endpoint, try f.office(method, path, session, body: endpoint.method == .GET ? nil : [String: Any]())))
        }
        guard slug == nil else { return out }
        for (method, path) in [("GET", "/office/api/session"), ("PATCH", "/office/api/me"), ("POST", "/office/api/session/sign-out-everywhere"), ("DELETE", "/office/api/session")] {
            out.append(("\(method) \(path)", nil, try f.office(method, path, session, body: method == "PATCH" ? ["locale": "en"] : nil)))
        }
        return out
    }

    func assertAll401(_ session: SecurityFixture.Session, _ why: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try SecurityFixture.slugs.map { try f.dump(SecurityFixture.schema($0)) }
        for (key, _, reply) in try callEverything(session) {
            XCTAssertEqual(reply.status, 401, "\(why): \(key) → \(reply.text)", file: file, line: line)
            XCTAssertEqual(reply.errorCode, "session_expired", "\(why): \(key)", file: file, line: line)
        }
        let after = try SecurityFixture.slugs.map { try f.dump(SecurityFixture.schema($0)) }
        XCTAssertEqual(SecurityFixture.changed(before[0], after[0]) + SecurityFixture.changed(before[1], after[1]), [], why, file: file, line: line)
    }

    func test_anExpiredOrIdleSession_is401Everywhere() throws {
        let (expired, a) = try ownerOfBoth("expired@example.com")
        try h.pool.execute("UPDATE platform.staff_sessions SET expires_at = now() - interval '1 minute' WHERE person_id = \(a)")
        try assertAll401(expired, "expired")
        let (idle, b) = try ownerOfBoth("idle@example.com")
        try h.pool.execute("UPDATE platform.staff_sessions SET last_seen_at = now() - interval '8 days' WHERE person_id = \(b)")
        try assertAll401(idle, "idle for 8 days")
    }

    func test_aSessionSignedOutEverywhere_is401Everywhere() throws {
        let (first, _) = try ownerOfBoth("everywhere@example.com")
        let signIn = try h.call("POST", "/office/api/session", body: ["email": "everywhere@example.com", "password": "correct horse battery"])
        XCTAssertEqual(signIn.status, 200, signIn.text)
        let second = SecurityFixture.Session(
            cookie: String(try XCTUnwrap(signIn.headers["set-cookie"]).split(separator: ";")[0]), csrf: try XCTUnwrap(signIn.json["csrf_token"] as? String),
            email: "everywhere@example.com")
        XCTAssertEqual(try f.office("POST", "/office/api/session/sign-out-everywhere", second).status, 204)
        try assertAll401(first, "signed out everywhere")
        try assertAll401(second, "the session that signed out everywhere")
    }

    func test_aDisabledPersonsSession_is401Everywhere() throws {
        let (session, id) = try ownerOfBoth("disabled@example.com")
        XCTAssertEqual(try f.office("GET", "/admin/api/v1/coffee-shop/news", session).status, 200)
        try h.pool.withConnection { try StaffDirectory().setDisabled(true, personID: id, $0) }
        try assertAll401(session, "disabled")
        let again = try h.call("POST", "/office/api/session", body: ["email": "disabled@example.com", "password": "correct horse battery"])
        XCTAssertEqual(again.errorCode, "account_disabled")
    }

    func test_aRemovedMembersSession_is403OnThatTenantsRoutes_andKeepsTheOther() throws {
        let (session, id) = try ownerOfBoth("removed@example.com")
        let tenant = try XCTUnwrap(try h.pool.withConnection { try TenantCatalog().find(try TenantSlug("coffee-shop"), $0) }, "no tenant coffee-shop")
        try h.pool.withConnection { try StaffDirectory().removeMember(personID: id, tenant: tenant, $0) }
        let before = try f.dump("t_coffee_shop")
        for (key, _, reply) in try callEverything(session, slug: "coffee-shop") {
            XCTAssertEqual(reply.status, 403, "\(key) → \(reply.text)")
            XCTAssertEqual(reply.errorCode, "forbidden", key)
        }
        XCTAssertEqual(SecurityFixture.changed(before, try f.dump("t_coffee_shop")), [])
        let memberships = try f.office("GET", "/office/api/session", session).json["memberships"] as? [[String: Any]]
        XCTAssertEqual(memberships?.compactMap { $0["tenant"] as? String }, ["events-club"])
        XCTAssertEqual(try f.office("GET", "/admin/api/v1/events-club/news", session).status, 200)
    }

    func test_aDemotedMembersSession_getsTheNewRolesTable_onTheNextRequest() throws {
        let (session, id) = try ownerOfBoth("demoted@example.com")
        XCTAssertEqual(try f.office("GET", "/admin/api/v1/coffee-shop/audit", session).status, 200, "an owner reads the audit log")
        let tenant = try XCTUnwrap(try h.pool.withConnection { try TenantCatalog().find(try TenantSlug("coffee-shop"), $0) }, "no tenant coffee-shop")
        try h.pool.withConnection { try StaffDirectory().setRole(.analyst, personID: id, tenant: tenant, $0) }
        let before = try f.dump("t_coffee_shop")
        for (key, endpoint, reply) in try callEverything(session, slug: "coffee-shop") {
            let refused = reply.status == 403 && reply.errorCode == "forbidden_role"
            let permission = try XCTUnwrap(endpoint?.permission, "\(key) is not a staff route")
            XCTAssertEqual(refused, !StaffRole.analyst.allows(permission), "\(key) → \(reply.status) \(reply.text)")
        }
        XCTAssertEqual(SecurityFixture.changed(before, try f.dump("t_coffee_shop")), [], "an analyst changes nothing")
        let memberships = try f.office("GET", "/office/api/session", session).json["memberships"] as? [[String: Any]]
        XCTAssertEqual(memberships?.first { $0["tenant"] as? String == "coffee-shop" }?["role"] as? String, "analyst")
    }

    // MARK: one-time links

    func expire(_ token: String) throws {
        let link = try XCTUnwrap(StaffSecretToken(token), "not a link token")
        try h.pool.execute(
            "UPDATE platform.staff_links SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE token_hash = \(link.hash)"
        )
    }

    func link(_ make: (PostgresConnection) throws -> (StaffSecretToken, StaffLink)) throws -> String {
        try h.pool.withConnection { try make($0) }.0.value
    }

    func test_invitations_workOnce_andNotAfterTheyExpire() throws {
        let tenantID = try h.tenantID("coffee-shop")
        let invite = { (email: String) in
            try self.link { try StaffLinkStore().createInvitation(tenantID: tenantID, role: .support, email: try EmailAddress(email), now: Date(), $0) }
        }
        let body = { (email: String) -> [String: Any] in ["email": email, "name": "Ivy", "password": "correct horse battery"] }
        let token = try invite("ivy@example.com")
        XCTAssertEqual(try h.call("POST", "/office/api/invitations/\(token)/accept", body: body("ivy@example.com")).status, 200)
        let reused = try h.call("POST", "/office/api/invitations/\(token)/accept", body: body("ivy@example.com"))
        XCTAssertEqual(reused.status, 410)
        XCTAssertEqual(reused.errorCode, "invitation_used")
        XCTAssertNil(reused.headers["set-cookie"])
        let late = try invite("late@example.com")
        try expire(late)
        XCTAssertEqual(try h.call("GET", "/office/api/invitations/\(late)").errorCode, "invitation_expired")
        let expired = try h.call("POST", "/office/api/invitations/\(late)/accept", body: body("late@example.com"))
        XCTAssertEqual(expired.status, 410)
        XCTAssertEqual(expired.errorCode, "invitation_expired")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_memberships m JOIN platform.staff_people p ON p.id = m.person_id WHERE p.email = 'late@example.com'"), 0)
    }

    func test_passwordResetAndTelegramLinks_workOnce_notAfterTheyExpire_andOnlyAsTheirKind() throws {
        let (_, id) = try ownerOfBoth("links@example.com")
        let tenantID = try h.tenantID("coffee-shop")
        let reset = { try self.link { try StaffLinkStore().createPasswordReset(personID: id, now: Date(), $0) } }
        let telegram = { try self.link { try StaffLinkStore().createTelegramSignIn(personID: id, tenantID: tenantID, now: Date(), $0) } }
        let password = ["password": "another horse battery"]

        let once = try reset()
        XCTAssertEqual(try h.call("POST", "/office/api/password-resets/\(once)", body: password).status, 200)
        XCTAssertEqual(try h.call("POST", "/office/api/password-resets/\(once)", body: password).errorCode, "link_used")
        let lateReset = try reset()
        try expire(lateReset)
        XCTAssertEqual(try h.call("POST", "/office/api/password-resets/\(lateReset)", body: password).errorCode, "link_expired")

        let sign = try telegram()
        XCTAssertEqual(try h.call("POST", "/office/api/telegram-sign-in/\(sign)").status, 200)
        XCTAssertEqual(try h.call("POST", "/office/api/telegram-sign-in/\(sign)").errorCode, "link_used")
        let lateSign = try telegram()
        try expire(lateSign)
        XCTAssertEqual(try h.call("POST", "/office/api/telegram-sign-in/\(lateSign)").errorCode, "link_expired")

        // A link opens only its own door.
        let crossed = try reset()
        XCTAssertEqual(try h.call("POST", "/office/api/telegram-sign-in/\(crossed)").status, 404)
        let other = try telegram()
        XCTAssertEqual(try h.call("POST", "/office/api/password-resets/\(other)", body: password).status, 404)
        // A disabled person's link signs nobody in.
        try h.pool.withConnection { try StaffDirectory().setDisabled(true, personID: id, $0) }
        let disabled = try h.call("POST", "/office/api/telegram-sign-in/\(other)")
        XCTAssertEqual(disabled.status, 403, disabled.text)
        XCTAssertNil(disabled.headers["set-cookie"])
    }
}
