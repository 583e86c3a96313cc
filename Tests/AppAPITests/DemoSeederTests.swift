import AppAPI
import Foundation
import Kernel
import Tenancy
import XCTest

/// The sample tenants' demo files, seeded into a running server: every section the mini app
/// shows has content, in the tenant's own languages, and seeding again changes nothing.
final class DemoSeederTests: XCTestCase {
    var h: Harness!
    static let paidChannelToken = "2000003:HARNESSpaidchCCCCCCCCCCCCCCCCCCCCCC"

    override func setUpWithError() throws { h = try Self.harnessWithEverySample() }

    /// A harness serving all three sample tenants (the harness itself has two).
    static func harnessWithEverySample() throws -> Harness {
        let h = try Harness()
        try h.provisioner.create(
            try Harness.manifest("paid-channel"), botToken: BotToken(paidChannelToken)!,
            blueprint: try Harness.blueprint("paid-channel"))
        try h.registry.reloadAll()
        return h
    }

    override func tearDown() { h?.stop() }

    /// Seeds every sample tenant; the reports.
    static func seedSamples(_ h: Harness) throws -> [DemoSeeder.Report] {
        try ["coffee-shop", "events-club", "paid-channel"].map { slug in
            let path = Harness.repoRoot.appendingPathComponent("tenants/demo/\(slug).json").path
            return try DemoSeeder(pool: h.pool).seed(try DemoFile.load(path: path))
        }
    }

    func get(_ slug: String, _ path: String, user: Int64 = 424_242, language: String = "en", tags: Bool = false) throws
        -> Harness.Reply
    {
        let initData = Harness.initData(slug, user: Harness.user(id: user, language: language), token: token(slug))
        let reply = try h.get("/api/v1/\(slug)" + path, headers: ["Authorization": "tma " + initData])
        XCTAssertEqual(reply.status, 200, "\(slug)\(path): \(reply.text)")
        return reply
    }

    func token(_ slug: String) -> String { Harness.tokens[slug] ?? Self.paidChannelToken }

    func items(_ reply: Harness.Reply, _ key: String) -> [[String: Any]] { reply.json[key] as? [[String: Any]] ?? [] }

    func test_seededSamples_fillEverySection() throws {
        _ = try Self.seedSamples(h)

        // coffee-shop: the menu's pictures are served by Tessera, the news has posts with pictures,
        // the regulars board ranks the demo participants.
        let menu = try get("coffee-shop", "/screens/menu")
        for product in ["flat-white", "filter-coffee", "croissant", "coffee-beans"] {
            XCTAssertTrue(menu.text.contains("/media/\(product).svg"), "menu lacks \(product): \(menu.text.prefix(400))")
        }
        let news = items(try get("coffee-shop", "/sections/news/posts"), "posts")
        XCTAssertEqual(news.count, 4)
        XCTAssertTrue(news.allSatisfy { ($0["image_url"] as? String)?.hasPrefix("/media/") == true }, "\(news)")
        XCTAssertEqual(news.first?["title"] as? String, "New: the oat latte is here", "the pinned post leads")
        let board = items(try get("coffee-shop", "/ratings/beans?period=all_time"), "top")
        XCTAssertEqual(board.compactMap { $0["name"] as? String }, ["Maria", "Tom", "Aiko", "Jonas", "Priya", "Sam"])

        // events-club: upcoming and past meetups with seats taken, paid masterclasses, news.
        let upcoming = items(try get("events-club", "/sections/events/events"), "events")
        XCTAssertEqual(upcoming.count, 3)
        XCTAssertEqual(upcoming.first?["seats_left"] as? Int, 34, "\(upcoming.first ?? [:])")
        let past = items(try get("events-club", "/sections/events/events?when=past"), "events")
        XCTAssertEqual(past.count, 2)
        let classes = items(try get("events-club", "/sections/masterclasses/events"), "events")
        XCTAssertEqual(classes.compactMap { $0["seats_left"] as? Int }, [4, 1])
        XCTAssertEqual(items(try get("events-club", "/sections/news/posts"), "posts").count, 3)

        // paid-channel: the English feed with categories and views, the Russian digest for Russian speakers.
        let feed = items(try get("paid-channel", "/sections/feed/posts"), "posts")
        XCTAssertEqual(feed.count, 4)
        XCTAssertEqual(feed.first?["views"] as? Int, 4)
        let digest = items(try get("paid-channel", "/sections/ru-digest/posts", language: "ru"), "posts")
        XCTAssertEqual(digest.count, 3)
        XCTAssertTrue((digest.first?["title"] as? String ?? "").hasPrefix("Дайджест недели"), "\(digest.first ?? [:])")
        // The invites board ranks the seeded referrals: Alexei brought three friends, Emma one.
        let invites = items(try get("paid-channel", "/ratings/referrals?period=all_time"), "top")
        XCTAssertEqual(invites.compactMap { $0["name"] as? String }, ["Алексей", "Emma"])
        XCTAssertEqual(invites.compactMap { $0["points"] as? Int }, [3, 1])
    }

    func test_seedingAgain_addsNothing() throws {
        let first = try Self.seedSamples(h)
        let again = try Self.seedSamples(h)
        XCTAssertEqual(again.map { $0.added.values.reduce(0, +) }, [0, 0, 0])
        XCTAssertEqual(again.map(\.total), first.map(\.total))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations"), 38)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger"), 6)
        XCTAssertEqual(
            try h.count("SELECT coalesce(sum(points), 0)::bigint FROM t_paid_channel.rating_scores WHERE source = 'referrals' AND period = 'all_time'"),
            4, "seeding again counts no referral twice")
    }

    func test_seedingOverARealParticipant_keepsTheirProfile() throws {
        // A real person whose Telegram id a demo participant uses keeps their name and source.
        XCTAssertEqual(try get("coffee-shop", "/gamefi", user: 900_000_101).status, 200)
        _ = try Self.seedSamples(h)
        let row = try XCTUnwrap(
            try h.pool.query("SELECT first_name, coalesce(source, '') FROM t_coffee_shop.participants WHERE telegram_id = 900000101")
                .first)
        XCTAssertEqual(try row.decode(String.self, 0), "Ann")
        XCTAssertEqual(try row.decode(String.self, 1), "")
    }
}
