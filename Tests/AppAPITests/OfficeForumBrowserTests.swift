import Foundation
import XCTest

/// The staff forum group card in headless Chromium: an owner links a group (a refused chat shows
/// Telegram's reason at the field), sees it working, then broken, in English and Russian; a
/// manager sees the card without the link form. Screenshots go to test-artifacts/office-forum-*.png.
extension OfficeScreensBrowserTests {
    func test_forumCard_ownerLinksAGroup_seesItBroken_managerCannotChangeIt() throws {
        let sim = telegram.simulator
        let plain = try XCTUnwrap(sim.addGroup(botID: telegram.bot, title: "Plain chat", isForum: false))
        let group = try XCTUnwrap(sim.addGroup(botID: telegram.bot, title: "Coffee <b>support</b>"))
        let page = try signedInPage()
        func submit(_ chat: Int64) throws {
            try page.evaluate(
                "(() => { const f = document.querySelector('form[data-form=forum]'); f.elements.chat_id.value = '\(chat)'; f.requestSubmit(); })()")
        }

        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs/forum")
        try ready(page, "forum")
        try page.wait(for: "document.querySelector('form[data-form=forum]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Staff forum group")
        XCTAssertEqual(try text(page, "[data-section=forum-link] h2"), "No group linked")
        try page.screenshot(to: artifacts.appendingPathComponent("office-forum-unlinked-en.png"))

        // Telegram's answer about a chat without topics shows at the field; nothing is linked.
        try submit(plain)
        try page.wait(for: "document.querySelector('[data-problem=chat_id]:not([hidden])') !== null")
        XCTAssertEqual(try text(page, "[data-problem=chat_id]"), "the group has no topics: turn on Topics in the group's settings")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.forum_link"), 0)
        try page.screenshot(to: artifacts.appendingPathComponent("office-forum-refused-en.png"))

        try submit(group)
        try page.wait(for: "document.querySelector('[data-forum-state=linked]') !== null")
        // The group's title is data: shown as text.
        try page.wait(for: "document.querySelector('[data-section=forum-link] dd')?.textContent === 'Coffee <b>support</b>'")
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('[data-section=forum-link] b').length").intValue, 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.forum_link WHERE chat_id = \(group)"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("office-forum-en.png"))

        // Broken (the bot was removed from the group), in Russian and the dark theme.
        try h.pool.execute(
            "UPDATE t_coffee_shop.forum_link SET broken_reason = 'Forbidden: bot was kicked from the supergroup chat', broken_at = now()")
        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(for: "document.documentElement.lang === 'ru'")
        try page.evaluate("document.querySelector('[data-action=theme]').click()")
        try page.wait(for: "document.documentElement.dataset.theme === 'dark'")
        try page.navigate("\(h.baseURL)/office/coffee-shop/dialogs/forum")
        try ready(page, "forum")
        try page.wait(for: "document.querySelector('[data-forum-broken]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Форум сотрудников")
        XCTAssertEqual(try text(page, "[data-forum-state]"), "нарушена")
        XCTAssertTrue(try text(page, "[data-forum-broken]")?.contains("bot was kicked from the supergroup chat") ?? false)
        try page.screenshot(to: artifacts.appendingPathComponent("office-forum-broken-ru.png"))

        // A manager (of events-club) sees the card but no link form.
        try page.navigate("\(h.baseURL)/office/events-club/dialogs/forum")
        try ready(page, "forum")
        try page.wait(for: "document.querySelector('[data-forum-owner-only]') !== null")
        XCTAssertEqual(try page.evaluate("document.querySelector('form[data-form=forum]') === null").boolValue, true)
        XCTAssertEqual(try text(page, "[data-section=forum-link] h2"), "Группа не привязана")
        try page.screenshot(to: artifacts.appendingPathComponent("office-forum-manager-ru.png"))
    }
}
