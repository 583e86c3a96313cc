import Blueprint
import XCTest

/// Typed settings of each section type: values, defaults and rules.
final class SettingsLoadingTests: XCTestCase {
    // MARK: news

    func test_news_loadsSettings() throws {
        let section = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"page_size": 25, "categories": [{"id": "tips", "title": "Tips"}], "show_views": false, "layout": "cards"}}"#)).sections[0]
        XCTAssertEqual(section.kind, .news(NewsSettings(pageSize: 25, categories: [SectionCategory(id: "tips", title: "Tips")], showViews: false, layout: .cards)))
    }

    func test_news_rejectsBadLayoutRangeAndDuplicateCategories() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"page_size": ^101, "layout": ^"card", "categories": [{"id": "a", "title": "A"}, ^{"id": "a", "title": "B"}, ^{"id": "b"}]}}"#), [
            "@1: error at /sections/0/settings/page_size: 101 is out of range; expected an integer from 1 to 100",
            "@2: error at /sections/0/settings/layout: unknown news layout \"card\"; expected one of list, cards (did you mean \"cards\"?)",
            "@3: error at /sections/0/settings/categories/1: duplicate category id \"a\"; expected each value once (already at /sections/0/settings/categories/0)",
            "@4: error at /sections/0/settings/categories/2: missing required key \"title\"",
        ])
    }

    // MARK: events

    func test_events_loadsSettingsAndDefaults() throws {
        let section = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "events", "title": "E", "settings": {"registration": {"requires_fields": ["name", "phone"]}, "capacity_default": 30, "waitlist": true, "paid_tickets": true, "ticket_price_default": 150, "show_past": true}}"#)).sections[0]
        XCTAssertEqual(section.kind, .events(EventsSettings(registration: Registration(enabled: true, requiresFields: [.name, .phone]), capacityDefault: 30, waitlist: true, paidTickets: true, ticketPriceDefault: 150, showPast: true)))
        let defaults = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "events", "title": "E"}"#)).sections[0]
        XCTAssertEqual(defaults.kind, .events(EventsSettings()))
    }

    func test_events_enforcesCapacityPriceAndRegistrationRules() {
        Fixture.expect(Fixture.withSection(#"^{"id": "s", "type": "events", "title": "E", "settings": ^{"capacity_default": ^0, "registration": {"enabled": false, ^"requires_fields": ["name", ^"fax"]}, "paid_tickets": ^true}}"#), [
            "@2: error at /sections/0/settings: missing required key \"ticket_price_default\" for paid tickets; expected a price in Stars, an integer from 1 to 100000",
            "@3: error at /sections/0/settings/capacity_default: 0 is out of range; expected an integer from 1 to 100000",
            "@4: error at /sections/0/settings/registration/requires_fields: \"requires_fields\" has no effect while registration is disabled; expected registration.enabled: true, or no requires_fields",
            "@5: error at /sections/0/settings/registration/requires_fields/1: unknown registration field \"fax\"; expected one of name, email, phone, company, comment",
            "@6: error at /sections/0/settings/paid_tickets: paid tickets need registration; expected registration.enabled: true",
        ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "events", "title": "E", "settings": {^"ticket_price_default": 10}}"#), [
            "@1: error at /sections/0/settings/ticket_price_default: \"ticket_price_default\" has no effect without paid tickets; expected \"paid_tickets\": true, or no ticket price"
        ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "events", "title": "E", "settings": {"paid_tickets": true, "ticket_price_default": ^0}}"#), [
            "@1: error at /sections/0/settings/ticket_price_default: 0 is out of range; expected an integer from 1 to 100000"
        ])
    }

    // MARK: shop

    func test_shop_loadsProductsAndCategories() throws {
        let section = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "shop", "title": "S", "settings": {"categories": [{"id": "coffee", "title": "Coffee"}], "products": [{"id": "latte", "title": "Latte", "description": "Milky", "price": 40, "category": "coffee", "image": "https://x.example/l.jpg"}], "layout": "list", "cart": false}}"#)).sections[0]
        guard case .shop(let settings) = section.kind else { return XCTFail("not a shop") }
        XCTAssertEqual(settings.currency, "XTR")
        XCTAssertEqual(settings.layout, .list)
        XCTAssertFalse(settings.cart)
        XCTAssertEqual(settings.products, [Product(id: "latte", title: "Latte", description: "Milky", price: 40, category: "coffee", image: "https://x.example/l.jpg")])
    }

    func test_shop_enforcesStarsIntegerPricesAndKnownCategories() {
        Fixture.expect(Fixture.withSection(#"""
            {"id": "s", "type": "shop", "title": "S", "settings": {
                  "currency": ^"xtr",
                  "categories": [{"id": "coffee", "title": "Coffee"}],
                  "products": [
                    {"id": "a", "title": "A", "price": ^0},
                    {"id": "b", "title": "B", "price": ^12.5},
                    {"id": "c", "title": "C", "price": 5, "category": ^"cofee"},
                    {"id": "d", "title": "D", "price": 5, "image": ^"ftp://x"},
                    ^{"id": "e", "title": "E"},
                    {"id": "f", "title": "F", "price": ^100001}
                  ],
                  "cart": false,
                  ^"checkout_button": "Pay"
                }}
            """#), [
                "@1: error at /sections/0/settings/currency: unsupported currency \"xtr\"; expected \"XTR\" (Telegram Stars, required for digital goods) (did you mean \"XTR\"?)",
                "@2: error at /sections/0/settings/products/0/price: 0 is out of range; expected an integer from 1 to 100000",
                "@3: error at /sections/0/settings/products/1/price: found number 12.5; expected an integer from 1 to 100000",
                "@4: error at /sections/0/settings/products/2/category: unknown category \"cofee\"; expected one of coffee (did you mean \"coffee\"?)",
                "@5: error at /sections/0/settings/products/3/image: invalid URL \"ftp://x\"; expected an https:// URL",
                "@6: error at /sections/0/settings/products/4: missing required key \"price\"",
                "@7: error at /sections/0/settings/products/5/price: 100001 is out of range; expected an integer from 1 to 100000",
                "@8: error at /sections/0/settings/checkout_button: \"checkout_button\" has no effect without a cart; expected \"cart\": true, or no checkout_button",
            ])
    }

    // MARK: ratings

    func test_ratings_loadsBoardsWithDefaultPeriods() throws {
        let section = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "ratings", "title": "R", "settings": {"boards": [{"id": "invites", "title": "Invites", "source": "referrals"}]}}"#)).sections[0]
        XCTAssertEqual(section.kind, .ratings(RatingsSettings(boards: [Board(id: "invites", title: "Invites", source: .referrals, periods: [.week, .allTime])], showNeighbours: 2)))
    }

    func test_ratings_enforcesPeriodsSourcesAndProducers() {
        Fixture.expect(Fixture.withSection(#"""
            {"id": "s", "type": "ratings", "title": "R", "settings": {"show_neighbours": ^11, "boards": [
                  {"id": "a", "title": "A", "source": ^"points", "periods": [^"weekly", "month", ^"month"]},
                  {"id": "b", "title": "B", "source": ^"purchases", "periods": ^[]},
                  {"id": "c", "title": "C", "source": ^"likes"}
                ]}}
            """#), [
                "@1: error at /sections/0/settings/show_neighbours: 11 is out of range; expected an integer from 0 to 10",
                "@2: error at /sections/0/settings/boards/0/source: a points board needs a gamefi section; expected a gamefi section in the blueprint",
                "@3: error at /sections/0/settings/boards/0/periods/0: unknown period \"weekly\"; expected one of week, month, all_time (did you mean \"week\"?)",
                "@4: error at /sections/0/settings/boards/0/periods/2: duplicate period \"month\"; expected each value once (already at /sections/0/settings/boards/0/periods/1)",
                "@5: error at /sections/0/settings/boards/1/source: a purchases board needs a shop section; expected a shop section in the blueprint",
                "@6: error at /sections/0/settings/boards/1/periods: period must not be empty; expected at least one element",
                "@7: error at /sections/0/settings/boards/2/source: unknown board source \"likes\"; expected one of points, purchases, referrals",
            ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "ratings", "title": "R", "settings": {"boards": ^[]}}"#), [
            "@1: error at /sections/0/settings/boards: board id must not be empty; expected at least one element"
        ])
    }

    // MARK: gamefi

    func test_gamefi_loadsQuestsOfEveryKindAndTap() throws {
        let text = Fixture.blueprint(sections: #"""
            [{"id": "news", "type": "news", "title": "N"},
             {"id": "shop", "type": "shop", "title": "S"},
             {"id": "game", "type": "gamefi", "title": "G", "settings": {
                "points_name": "beans", "referral_reward": 20,
                "quests": [
                  {"id": "daily", "kind": "daily_checkin", "reward": 5, "streak_bonus": 1},
                  {"id": "read", "title": "Read", "kind": "open_section", "section": "news", "reward": 10},
                  {"id": "sub", "kind": "subscribe_channel", "channel": "@cafe_news", "reward": 50},
                  {"id": "inv", "kind": "invite_friends", "count": 3, "reward": 100},
                  {"id": "buy", "kind": "purchases", "count": 2, "reward": 70}
                ],
                "tap": {"enabled": true, "energy_max": 1000, "energy_regen_per_minute": 60, "max_taps_per_second": 8, "points_per_tap": 2}}}]
            """#)
        guard case .gamefi(let settings) = try Fixture.loaded(text).sections[2].kind else { return XCTFail("not gamefi") }
        XCTAssertEqual(settings.pointsName, "beans")
        XCTAssertEqual(settings.referralReward, 20)
        XCTAssertEqual(settings.quests.map(\.kind), [.dailyCheckin(streakBonus: 1), .openSection(section: "news"), .subscribeChannel(channel: "@cafe_news"), .inviteFriends(count: 3), .purchases(count: 2)])
        XCTAssertEqual(settings.quests[1].title, "Read")
        XCTAssertEqual(settings.tap, TapSettings(enabled: true, energyMax: 1000, energyRegenPerMinute: 60, maxTapsPerSecond: 8, pointsPerTap: 2))
    }

    func test_gamefi_enforcesKindSpecificParameters() {
        Fixture.expect(Fixture.withSection(#"""
            {"id": "s", "type": "gamefi", "title": "G", "settings": {"points_name": "p", "quests": [
                  {"id": "a", "kind": "daily_checkin", "reward": 5, ^"channel": "@cafe_news"},
                  ^{"id": "b", "kind": "subscribe_channel", "reward": 5},
                  {"id": "c", "kind": "subscribe_channel", "reward": 5, "channel": ^"cafe"},
                  {"id": "d", "kind": "invite_friends", "reward": ^0, "count": ^0},
                  {"id": "e", "kind": ^"purchase", "reward": 5},
                  {"id": "f", "kind": ^"purchases", "reward": 5, "count": 1},
                  {"id": "g", "kind": "open_section", "reward": 5, "section": ^"s"}
                ], "tap": {"max_taps_per_second": ^100}}}
            """#), [
                "@1: error at /sections/0/settings/quests/0/channel: \"channel\" does not apply to a daily_checkin quest; expected only streak_bonus",
                "@2: error at /sections/0/settings/quests/1: missing required key \"channel\" for a subscribe_channel quest",
                "@3: error at /sections/0/settings/quests/2/channel: invalid channel \"cafe\"; expected a channel username like \"@tessera_news\"",
                "@4: error at /sections/0/settings/quests/3/reward: 0 is out of range; expected an integer from 1 to 1000000",
                "@5: error at /sections/0/settings/quests/3/count: 0 is out of range; expected an integer from 1 to 1000",
                "@6: error at /sections/0/settings/quests/4/kind: unknown quest kind \"purchase\"; expected one of daily_checkin, open_section, subscribe_channel, invite_friends, purchases (did you mean \"purchases\"?)",
                "@7: error at /sections/0/settings/quests/5/kind: a purchases quest needs a shop section; expected a shop section in the blueprint",
                "@8: error at /sections/0/settings/quests/6/section: section \"s\" refers to itself; expected the id of another section",
                "@9: error at /sections/0/settings/tap/max_taps_per_second: 100 is out of range; expected an integer from 1 to 30",
            ])
    }

    func test_gamefi_onlyOneSectionAllowed() {
        Fixture.expect(Fixture.blueprint(sections: #"[{"id": "news", "type": "gamefi", "title": "A", "settings": {"points_name": "p"}}, {"id": "b", "type": ^"gamefi", "title": "B", "settings": {"points_name": "q"}}]"#), [
            "@1: error at /sections/1/type: only one gamefi section is allowed; expected a single points economy per app"
        ])
    }
}
