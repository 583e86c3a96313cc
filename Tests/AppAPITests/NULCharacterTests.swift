import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import XCTest

@testable import AppAPI

/// A NUL character (U+0000) cannot be stored in PostgreSQL text: everywhere one can arrive — query,
/// path, JSON body, staff or end user — the answer is 400 `invalid_text` naming the field, and
/// nothing is stored (it used to be a 500 from SQLSTATE 22021).
final class NULCharacterTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    private func assertInvalidText(_ reply: Harness.Reply, field: String, line: UInt = #line) {
        XCTAssertEqual(reply.status, 400, reply.text, line: line)
        XCTAssertEqual(reply.errorCode, "invalid_text", line: line)
        XCTAssertEqual(reply.detailFields, [field], line: line)
    }

    func test_adminListFilters_withNUL_are400() throws {
        let coffee = try h.staffToken("coffee-shop")
        let events = try h.staffToken("events-club")
        for (slug, token, list) in [
            ("coffee-shop", coffee, "news"), ("events-club", events, "events"), ("coffee-shop", coffee, "products"),
        ] {
            for parameter in ["section", "category"] {
                let reply = try h.admin("GET", "/admin/api/v1/\(slug)/\(list)?\(parameter)=%00", token: token)
                assertInvalidText(reply, field: parameter)
            }
        }
    }

    func test_adminBodies_withNUL_are400AndStoreNothing() throws {
        let coffee = try h.staffToken("coffee-shop")
        let events = try h.staffToken("events-club")
        assertInvalidText(
            try h.admin(
                "POST", "/admin/api/v1/coffee-shop/news", token: coffee, body: ["section": "news", "title": "a\u{0}b"]),
            field: "title")
        assertInvalidText(
            try h.admin(
                "POST", "/admin/api/v1/events-club/events", token: events,
                body: ["section": "events", "title": "a\u{0}b", "starts_at": iso(Date().addingTimeInterval(86_400))]),
            field: "title")
        assertInvalidText(
            try h.admin(
                "POST", "/admin/api/v1/events-club/events", token: events,
                body: [
                    "section": "events", "title": "Meetup", "place": "Hall\u{0}A",
                    "starts_at": iso(Date().addingTimeInterval(86_400)),
                ]),
            field: "place")
        assertInvalidText(
            try h.admin(
                "POST", "/admin/api/v1/coffee-shop/products", token: coffee,
                body: ["key": "mug", "title": "Mug\u{0}", "price": 100, "kind": "physical", "category": "beans"]),
            field: "title")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.news_posts"), 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.events"), 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.products WHERE key = 'mug'"), 0)
    }

    func test_pointsAdjustmentReason_withNUL_is400AndStoresNothing() throws {
        let token = try h.staffToken("coffee-shop")
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/gamefi", slug: "coffee-shop").status, 200)
        let participant = try h.count("SELECT id FROM t_coffee_shop.participants")
        let reply = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/participants/\(participant)/points", token: token,
            body: ["amount": 5, "reason": "gift\u{0}", "idempotency_key": "k1"])
        assertInvalidText(reply, field: "reason")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger"), 0)
    }

    func test_endUserRegistration_withNULInAFormValue_is400AndStoresNothing() throws {
        let token = try h.staffToken("events-club")
        let created = try h.admin(
            "POST", "/admin/api/v1/events-club/events", token: token,
            body: ["section": "events", "title": "Meetup", "starts_at": iso(Date().addingTimeInterval(86_400))])
        XCTAssertEqual(created.status, 201, created.text)
        let id = (created.json["event"] as? [String: Any])?["id"] as? Int ?? 0
        let reply = try h.user(
            "POST", "/api/v1/events-club/sections/events/events/\(id)/registrations",
            body: ["values": ["name": "a\u{0}b", "email": "ann@example.com"]])
        assertInvalidText(reply, field: "values.name")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations"), 0)
    }

    func test_otherControlCharacters_areStoredAsText() throws {
        let token = try h.staffToken("coffee-shop")
        let reply = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/news", token: token,
            body: ["section": "news", "title": "a\u{1}b\u{1F}c"])
        XCTAssertEqual(reply.status, 201, reply.text)
        XCTAssertEqual((reply.json["post"] as? [String: Any])?["title"] as? String, "a\u{1}b\u{1F}c")
    }

    func test_databaseRefusingText_is400NotA500() throws {
        // Behind the router's check: should a NUL still reach PostgreSQL, SQLSTATE 22021 is a 400.
        let request = HTTPRequest(method: .POST, target: "/x")
        let response = ErrorRendering.run(request, tenant: "coffee-shop", logger: h.context.logger) {
            _ = try h.pool.query("SELECT \("a\u{0}b")::text")
            return .text("stored")
        }
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains(#""code":"invalid_text""#))
    }
}

extension NULCharacterTests {
    /// Telegram signs whatever the user typed into their name; a NUL in it is the caller's bad
    /// text (400 naming the field), not an outage, and no participant row is written.
    func test_signedInitData_withNULInTheUsersName_is400AndStoresNothing() throws {
        let user = TelegramUser(
            id: 515_151, firstName: "A\u{0}nn", lastName: nil, username: "nul_user", languageCode: "en",
            isPremium: false, photoURL: nil, allowsWriteToPM: true)
        let reply = try h.get(
            "/api/v1/coffee-shop/screens/menu",
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: user)])
        XCTAssertEqual(reply.status, 400, reply.text)
        XCTAssertEqual(reply.errorCode, "invalid_text")
        XCTAssertEqual(reply.detailFields, ["initData.user.first_name"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants WHERE telegram_id = 515151"), 0)
    }
}
