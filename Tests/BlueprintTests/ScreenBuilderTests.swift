import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// Type-specific screen content: events, shop, ratings, gamefi.
final class ScreenBuilderTests: XCTestCase {
    private func components(_ sections: String, _ id: String, locale: String = "en", tags: Set<String> = [], app: String = Fixture.app) throws -> [JSONValue] {
        let blueprint = try Fixture.loaded(Fixture.blueprint(app: app, navigation: #"{"items": [{"section": "\#(id)"}]}"#, sections: sections))
        let screen = BlueprintInterpreter(blueprint).screen(id, context: ScreenContext(locale: locale, tags: tags, now: Date()))
        return try XCTUnwrap(screen?["screen"]?["components"]?.arrayValue)
    }

    func test_events_rendersListNotesFormAndPastEvents() throws {
        let list = try components(#"[{"id": "meetups", "type": "events", "title": "Meetups", "intro": "Join us", "settings": {"registration": {"requires_fields": ["name", "email"]}, "waitlist": true, "paid_tickets": true, "ticket_price_default": 100, "show_past": true}}]"#, "meetups")
        XCTAssertEqual(list.map { $0["type"]?.stringValue ?? "" }, ["header", "text", "text", "card_list", "text", "form", "header", "card_list"])
        XCTAssertEqual(list[1], ["type": "text", "text": "Join us", "style": "body"])
        XCTAssertEqual(list[2]["text"], "Tickets are paid in Telegram Stars, from 100 ⭐.")
        XCTAssertEqual(list[3]["source"], "events.upcoming")
        XCTAssertEqual(list[5], [
            "type": "form", "id": "meetups-registration",
            "fields": [
                ["name": "name", "label": "Name", "kind": "text", "required": true],
                ["name": "email", "label": "Email", "kind": "email", "required": true],
            ],
            "submit": ["text": "Buy a ticket", "action": ["kind": "api", "method": "POST", "path": "/api/v1/{tenant}/sections/meetups/events/{event}/registrations"]],
        ])
        XCTAssertEqual(list[7]["source"], "events.past")
    }

    func test_events_withoutRegistrationHasNoForm() throws {
        let list = try components(#"[{"id": "e", "type": "events", "title": "E", "settings": {"registration": {"enabled": false}}}]"#, "e")
        XCTAssertFalse(list.contains { $0["type"] == "form" })
    }

    func test_shop_rendersProductsWithStarsAndCartActions() throws {
        let sections = #"[{"id": "menu", "type": "shop", "title": "Menu", "settings": {"categories": [{"id": "hot", "title": {"en": "Hot", "ru": "Горячее"}}], "products": [{"id": "latte", "title": {"en": "Latte", "ru": "Латте"}, "price": 40, "category": "hot"}], "checkout_button": {"en": "Pay", "ru": "Оплатить"}}}]"#
        let list = try components(sections, "menu", locale: "ru", app: Fixture.appEnRu)
        let catalog = try XCTUnwrap(list.first { $0["type"] == "card_list" })
        XCTAssertEqual(catalog["layout"], "grid")
        XCTAssertEqual(catalog["filters"], [["id": "hot", "title": "Горячее", "path": "/api/v1/{tenant}/sections/menu/products?category=hot"]])
        XCTAssertEqual(catalog["items"], [["id": "latte", "title": "Латте", "badge": "40 ⭐", "action": ["kind": "api", "method": "POST", "path": "/api/v1/{tenant}/sections/menu/cart/latte"]]])
        XCTAssertEqual(list.last, ["type": "button", "text": "Оплатить", "style": "primary", "action": ["kind": "api", "method": "POST", "path": "/api/v1/{tenant}/sections/menu/checkout"]])
    }

    func test_shop_withoutCartOpensInvoicesAndHasNoCheckout() throws {
        let list = try components(#"[{"id": "s", "type": "shop", "title": "S", "settings": {"cart": false, "products": [{"id": "pass", "title": "Pass", "price": 500}]}}]"#, "s")
        let catalog = try XCTUnwrap(list.first { $0["type"] == "card_list" })
        XCTAssertEqual(catalog["items"]?[0]?["action"], ["kind": "open_invoice", "product": "pass"])
        XCTAssertFalse(list.contains { $0["type"] == "button" })
    }

    func test_ratings_rendersBoardsWithUnitsFromTheirSource() throws {
        let sections = #"""
            [{"id": "top", "type": "ratings", "title": "Top", "settings": {"show_neighbours": 3, "boards": [
                {"id": "pts", "title": "Points", "source": "points", "periods": ["month", "week"]},
                {"id": "inv", "title": "Invites", "source": "referrals"}]}},
             {"id": "game", "type": "gamefi", "title": "Game", "settings": {"points_name": "beans"}}]
            """#
        let list = try components(sections, "top")
        XCTAssertEqual(list[1], [
            "type": "leaderboard", "board": "pts", "title": "Points", "period": "month", "periods": ["month", "week"],
            "points_name": "beans", "entries": [],
        ])
        XCTAssertEqual(list[2]["period"], "week")
        XCTAssertEqual(list[2]["points_name"], "friend|friends", "a plural form list the client picks from per score")
    }

    func test_gamefi_rendersTapQuestsAndReferrals() throws {
        let sections = #"""
            [{"id": "game", "type": "gamefi", "title": "Game", "settings": {"points_name": "beans", "referral_reward": 25,
                "quests": [
                  {"id": "daily", "kind": "daily_checkin", "reward": 5, "streak_bonus": 2},
                  {"id": "secret", "kind": "open_section", "section": "hidden", "reward": 10},
                  {"id": "sub", "kind": "subscribe_channel", "channel": "@cafe_news", "reward": 50}],
                "tap": {"enabled": true, "energy_max": 300, "points_per_tap": 2}}},
             {"id": "hidden", "type": "news", "title": "Hidden", "visible_if": {"tags_any": ["staff"]}}]
            """#
        let list = try components(sections, "game")
        XCTAssertEqual(list[1], ["type": "progress", "label": "Energy", "value": 300, "max": 300])
        XCTAssertEqual(list[2], ["type": "button", "text": "Tap!", "style": "primary", "action": ["kind": "api", "method": "POST", "path": "/api/v1/{tenant}/sections/game/taps"]])
        let quests = try XCTUnwrap(list.first { $0["type"] == "card_list" })
        XCTAssertEqual(quests["items"], [
            ["id": "daily", "title": "Daily check-in", "subtitle": "+2 for each day in a row", "badge": "+5 beans", "action": ["kind": "api", "method": "POST", "path": "/api/v1/{tenant}/sections/game/quests/daily/claim"]],
            ["id": "sub", "title": "Subscribe to @cafe_news", "badge": "+50 beans", "action": ["kind": "open_link", "url": "https://t.me/cafe_news"]],
        ])
        XCTAssertEqual(list.last?["action"]?["path"], "/api/v1/{tenant}/sections/game/referral")
        let staff = try components(sections, "game", tags: ["staff"])
        let staffQuests = staff.first { $0["type"] == "card_list" }?["items"]?.arrayValue
        XCTAssertEqual(staffQuests?[1]["title"], "Open “Hidden”")
        XCTAssertEqual(staffQuests?[1]["action"], ["kind": "open_screen", "screen": "hidden"])
    }

    func test_gamefi_withNothingEnabledShowsEmptyState() throws {
        let list = try components(#"[{"id": "g", "type": "gamefi", "title": "G", "settings": {"points_name": "p"}}]"#, "g")
        XCTAssertEqual(list.last?["type"], "empty_state")
    }
}
