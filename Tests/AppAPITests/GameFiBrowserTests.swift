import Foundation
import GameFi
import Kernel
import Postgres
import Telegram
import XCTest

/// The gamefi and ratings screens in headless Chromium: live balance, quest status, a filled
/// leaderboard with the caller highlighted.
extension BrowserTests {
    /// Makes `section` the coffee shop's first tab, so the page opens on it.
    func openFirstTab(_ h: Harness, _ section: String) throws {
        var blueprint = try Harness.blueprint("coffee-shop")
        let index = try XCTUnwrap(blueprint.navigation.items.firstIndex { $0.section == section })
        let item = blueprint.navigation.items.remove(at: index)
        blueprint.navigation.items.insert(item, at: 0)
        _ = try h.provisioner.apply(try Harness.manifest("coffee-shop"), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init("coffee-shop"))
    }

    /// Gives the Harness user (and two others) points.
    func seedPoints(_ h: Harness) throws {
        let schema = try Identifier("t_coffee_shop")
        for (telegramID, name, points) in [(Int64(424_242), "Ann", Int64(30)), (1, "Bob", 50), (2, "Cid", 30)] {
            let id = try h.pool.query(
                """
                INSERT INTO \(ident: schema).participants (telegram_id, first_name) VALUES (\(telegramID), \(name))
                ON CONFLICT (telegram_id) DO UPDATE SET first_name = EXCLUDED.first_name RETURNING id
                """
            ).first!.decode(Int64.self, 0)
            try h.pool.withConnection { conn in
                _ = try PointsLedger(schema: schema).award(
                    Award(participantID: id, amount: points, reason: "test", reference: nil, idempotencyKey: "seed:\(telegramID)"), at: Date(), conn)
            }
        }
    }

    func test_gamefiScreen_showsTheBalanceAndQuestStatus() throws {
        let h = try Harness()
        defer { h.stop() }
        try openFirstTab(h, "beans")
        try seedPoints(h)
        let dom = try Self.runChromium(["--dump-dom", launchURL(h, slug: "coffee-shop")])
        XCTAssertTrue(dom.contains("data-screen=\"beans\""), String(dom.prefix(2000)))
        XCTAssertTrue(dom.contains("data-gamefi=\"ready\""), "balance never loaded")
        XCTAssertTrue(dom.contains("gf-balance-value\">30<"), "balance not shown")
        XCTAssertTrue(dom.contains("data-id=\"check-in\" data-status=\"claimable\""), "quest status missing")
        XCTAssertTrue(dom.contains("data-id=\"bring-friends\" data-status=\"locked\""))
    }

    /// Staff overrides (admin API) reach the screen: a paused quest, a changed reward badge.
    func test_gamefiScreen_showsPausedQuestsAndOverriddenRewards() throws {
        let h = try Harness()
        defer { h.stop() }
        try openFirstTab(h, "beans")
        let token = try h.staffToken("coffee-shop")
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["paused": true]).status, 200)
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/read-news", token: token, body: ["reward": 77]).status, 200)
        let dom = try Self.runChromium(["--dump-dom", launchURL(h, slug: "coffee-shop")])
        XCTAssertTrue(dom.contains("data-gamefi=\"ready\""), "state never loaded")
        XCTAssertTrue(dom.contains("data-id=\"check-in\" data-status=\"paused\""), "paused quest not shown as paused")
        XCTAssertTrue(dom.contains("+77 beans"), "overridden reward not shown")
    }

    func test_ratingsScreen_fillsTheBoardAndHighlightsTheCaller() throws {
        let h = try Harness()
        defer { h.stop() }
        try openFirstTab(h, "top")
        try seedPoints(h)
        let dom = try Self.runChromium(["--dump-dom", launchURL(h, slug: "coffee-shop")])
        XCTAssertTrue(dom.contains("data-screen=\"top\""), String(dom.prefix(2000)))
        XCTAssertTrue(dom.contains("data-loaded=\"true\""), "leaderboard never loaded")
        XCTAssertTrue(dom.contains("lb-row is-me"), "caller not highlighted")
        XCTAssertTrue(dom.contains("lb-chip"), "period chips missing")
        // Ann and Cid tie at 30 behind Bob: both rank 2.
        XCTAssertEqual(dom.components(separatedBy: "class=\"lb-rank lb-rank-2\"").count - 1, 2, "tied ranks not shared")
    }
}
