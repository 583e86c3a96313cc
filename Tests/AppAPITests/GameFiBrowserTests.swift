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

    /// Quest cards inside Telegram (a stub WebApp), against the Bot API simulator: every Claim
    /// sits inside its card, the daily check-in has one, and the channel quest opens the channel
    /// first, then checks and says precisely why it could not pay yet.
    func test_questCards_openTheChannelFirstThenClaimAndExplainAFailedCheck() throws {
        let telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot", retryPolicy: .none, registerWebhook: false)
        defer { telegram.stop() }
        let (h, simulator, bot) = (telegram.h, telegram.simulator, telegram.bot)
        simulator.addChannel(botID: bot, channel: "@beanthere_coffee")
        try openFirstTab(h, "beans")
        let artifacts = Harness.repoRoot.appendingPathComponent("test-artifacts")
        let page = try MainButtonBrowserTests.telegramPage(Harness.initData("coffee-shop"))
        try page.navigate(launchURL(h, slug: "coffee-shop", platform: "ios"))
        let follow = #"document.querySelector('li[data-id="follow"]')"#
        try page.wait(for: #"!!document.querySelector('[data-gamefi="ready"]') && !!\#(follow).querySelector('.gf-open-channel')"#)
        func shot(_ name: String) throws {
            try page.evaluate(#"\#(follow).scrollIntoView({ block: "center" })"#)
            try page.screenshot(to: artifacts.appendingPathComponent("gamefi-quests-\(name).png"))
        }

        XCTAssertEqual(
            try page.evaluate(#"Array.from(document.querySelectorAll('.gf-claim')).every(b => !!b.closest('.card'))"#).boolValue, true,
            "a Claim button outside its card")
        XCTAssertEqual(try page.evaluate(#"!!document.querySelector('li[data-id="check-in"] .card .gf-claim')"#).boolValue, true)
        XCTAssertEqual(try page.evaluate(#"!!\#(follow).querySelector('.gf-claim')"#).boolValue, false, "Claim before the channel was opened")
        try shot("1-open-channel")

        try page.evaluate(#"\#(follow).querySelector('.gf-open-channel').click()"#)
        XCTAssertEqual(try page.evaluate("window.__links.join()").stringValue, "https://t.me/beanthere_coffee")
        try page.wait(for: #"!!\#(follow).querySelector('.card .gf-claim')"#)

        // Not subscribed yet: Telegram says `left`, and the card says what to do.
        try page.evaluate(#"\#(follow).querySelector('.gf-claim').click()"#)
        try page.wait(for: #"!!\#(follow).querySelector('.card .gf-quest-error[data-code="not_subscribed"]')"#)
        XCTAssertEqual(
            try page.evaluate(#"\#(follow).querySelector('.gf-quest-error').textContent"#).stringValue,
            "You haven't subscribed to @beanthere_coffee yet. Subscribe, then tap Claim again.")
        try shot("2-not-subscribed")

        // Telegram down: a different message, and nothing awarded.
        simulator.setChannelMember(botID: bot, channel: "@beanthere_coffee", userID: Harness.user().id, member: true)
        simulator.injectFault(botID: bot, method: "getChatMember", errorCode: 500)
        try page.evaluate(#"\#(follow).querySelector('.gf-claim').click()"#)
        try page.wait(for: #"!!\#(follow).querySelector('.gf-quest-error[data-code="telegram_unavailable"]')"#)
        XCTAssertTrue(
            try page.evaluate(#"\#(follow).querySelector('.gf-quest-error').textContent"#).stringValue?.hasPrefix("Telegram isn't answering") ?? false)
        try shot("3-telegram-unavailable")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger"), 0)

        // Subscribed and Telegram back: the claim pays and the card shows it done.
        try page.evaluate(#"\#(follow).querySelector('.gf-claim').click()"#)
        try page.wait(for: #"document.querySelector('li[data-id="follow"][data-status="claimed"] .gf-quest-done') !== null"#)
        XCTAssertEqual(try page.evaluate(#"!!document.querySelector('li[data-id="follow"] .gf-quest-error')"#).boolValue, false)
        try shot("4-claimed")

        try page.evaluate(#"document.querySelector('li[data-id="check-in"] .gf-claim').click()"#)
        try page.wait(for: #"!!document.querySelector('li[data-id="check-in"][data-status="claimed"]')"#)
        XCTAssertEqual(try h.count("SELECT coalesce(sum(amount), 0)::bigint FROM t_coffee_shop.points_ledger"), 55)
    }
}
