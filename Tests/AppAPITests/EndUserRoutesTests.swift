import AppAPI
import Foundation
import Kernel
import Postgres
import Tenancy
import XCTest

final class EndUserRoutesTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func auth(_ initData: String) -> [String: String] { ["Authorization": "tma " + initData] }

    func firstSection(_ slug: String) -> String { h.registry.tenant(slug)!.blueprint.sections[0].id }

    func test_health_andReadiness() throws {
        XCTAssertEqual(try h.get("/healthz").status, 200)
        let ready = try h.get("/readyz")
        XCTAssertEqual(ready.status, 200)
        XCTAssertEqual(ready.json["status"] as? String, "ready")
    }

    func test_app_returnsTheManifestAndCreatesTheParticipant() throws {
        let reply = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("coffee-shop", startParam: "promo_1")))
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["tenant"] as? String, "coffee-shop")
        XCTAssertEqual(reply.json["version"] as? Int, 1)
        XCTAssertNotNil(reply.json["navigation"])
        XCTAssertNotNil(reply.json["theme"])
        let participant = try XCTUnwrap(reply.json["participant"] as? [String: Any])
        XCTAssertEqual(participant["first_name"] as? String, "Ann")

        let row = try h.pool.query(
            "SELECT telegram_id, first_name, username, is_premium, source, language_code FROM \"t_coffee_shop\".participants"
        ).first!
        XCTAssertEqual(try row.decode(Int64.self, 0), 424_242)
        XCTAssertEqual(try row.decode(String.self, 1), "Ann")
        XCTAssertEqual(try row.decode(String?.self, 2), "ann")
        XCTAssertEqual(try row.decode(Bool.self, 3), true)
        XCTAssertEqual(try row.decode(String?.self, 4), "promo_1")
        XCTAssertEqual(try row.decode(String?.self, 5), "en")
        // The other tenant's schema saw nothing.
        XCTAssertEqual(try h.pool.query("SELECT count(*) FROM \"t_events_club\".participants").first!.decode(Int64.self, 0), 0)
    }

    func test_app_laterCallsUpdateTheProfileButKeepTheFirstSource() throws {
        _ = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("coffee-shop", startParam: "first")))
        var renamed = Harness.user()
        renamed.firstName = "Anna"
        let reply = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("coffee-shop", user: renamed, startParam: "second")))
        XCTAssertEqual(reply.status, 200)
        let row = try h.pool.query("SELECT first_name, source, count(*) OVER () FROM \"t_coffee_shop\".participants").first!
        XCTAssertEqual(try row.decode(String.self, 0), "Anna")
        XCTAssertEqual(try row.decode(String?.self, 1), "first")
        XCTAssertEqual(try row.decode(Int64.self, 2), 1)
    }

    func test_rejects_missingTamperedExpiredAndForeignInitData() throws {
        let missing = try h.get("/api/v1/coffee-shop/app")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.errorCode, "init_data_missing")
        XCTAssertEqual(missing.headers["www-authenticate"], "tma")

        let wrongScheme = try h.get("/api/v1/coffee-shop/app", headers: ["Authorization": "Bearer abc"])
        XCTAssertEqual(wrongScheme.status, 401)

        let valid = Harness.initData("coffee-shop")
        let tampered = valid.replacingOccurrences(of: "Ann", with: "Bob")
        XCTAssertNotEqual(valid, tampered)
        let t = try h.get("/api/v1/coffee-shop/app", headers: auth(tampered))
        XCTAssertEqual(t.status, 401)
        XCTAssertEqual(t.errorCode, "init_data_signature_mismatch")

        let expired = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("coffee-shop", authDate: Date().addingTimeInterval(-90_000))))
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(expired.errorCode, "init_data_expired")

        let foreign = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("events-club")))
        XCTAssertEqual(foreign.status, 401, "initData of another tenant's bot must not open this tenant")
        XCTAssertEqual(foreign.errorCode, "init_data_signature_mismatch")

        let garbage = try h.get("/api/v1/coffee-shop/app", headers: auth("%%%not-init-data"))
        XCTAssertEqual(garbage.status, 401)

        XCTAssertEqual(try h.pool.query("SELECT count(*) FROM \"t_coffee_shop\".participants").first!.decode(Int64.self, 0), 0)
    }

    func test_unknownTenant_is404_andSuspendedTenant_is403() throws {
        let unknown = try h.get("/api/v1/nope-nope/app", headers: auth(Harness.initData("coffee-shop")))
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.errorCode, "tenant_not_found")

        try h.provisioner.setStatus(try TenantSlug("coffee-shop"), .suspended)
        h.registry.reload(try TenantSlug("coffee-shop"))
        let suspended = try h.get("/api/v1/coffee-shop/app", headers: auth(Harness.initData("coffee-shop")))
        XCTAssertEqual(suspended.status, 403)
        XCTAssertEqual(suspended.errorCode, "tenant_suspended")
        // The other tenant is unaffected.
        XCTAssertEqual(try h.get("/api/v1/events-club/app", headers: auth(Harness.initData("events-club"))).status, 200)
    }

    func test_screen_returnsComponentsWithETagAndAnswers304() throws {
        let section = firstSection("coffee-shop")
        let reply = try h.get("/api/v1/coffee-shop/screens/\(section)", headers: auth(Harness.initData("coffee-shop")))
        XCTAssertEqual(reply.status, 200, reply.text)
        let screen = try XCTUnwrap(reply.json["screen"] as? [String: Any])
        XCTAssertEqual(screen["id"] as? String, section)
        XCTAssertFalse((screen["components"] as? [Any] ?? []).isEmpty)
        let etag = try XCTUnwrap(reply.headers["etag"])
        XCTAssertTrue(etag.hasPrefix("\"v1-"), etag)

        var headers = auth(Harness.initData("coffee-shop"))
        headers["If-None-Match"] = etag
        let again = try h.get("/api/v1/coffee-shop/screens/\(section)", headers: headers)
        XCTAssertEqual(again.status, 304)
        XCTAssertTrue(again.body.isEmpty)
    }

    func test_screen_unknownSectionIs404() throws {
        let reply = try h.get("/api/v1/coffee-shop/screens/no-such-screen", headers: auth(Harness.initData("coffee-shop")))
        XCTAssertEqual(reply.status, 404)
        XCTAssertEqual(reply.errorCode, "screen_not_found")
    }

    func test_screen_ofAnotherTenantsSectionIsNotServed() throws {
        let foreignOnly = Set(h.registry.tenant("events-club")!.blueprint.sections.map(\.id))
            .subtracting(h.registry.tenant("coffee-shop")!.blueprint.sections.map(\.id))
        let section = try XCTUnwrap(foreignOnly.first)
        let reply = try h.get("/api/v1/coffee-shop/screens/\(section)", headers: auth(Harness.initData("coffee-shop")))
        XCTAssertEqual(reply.status, 404)
    }

    func test_webShell_isServedForKnownTenantsOnly() throws {
        let page = try h.get("/app/coffee-shop/")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.headers["content-type"]?.hasPrefix("text/html") ?? false)
        XCTAssertTrue(page.text.contains("<html"))
        XCTAssertNotNil(page.headers["content-security-policy"])
        XCTAssertEqual(try h.get("/app/nope-nope/").status, 404)
        XCTAssertEqual(try h.get("/app/coffee-shop/missing.js").status, 404)
    }
}
