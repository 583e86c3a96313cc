import Foundation
import XCTest

/// Participants and the Ban list in headless Chromium: search through the URL, a profile, a tag
/// added, a ban with its reason (after the confirm dialog), the ban list and an unban from it, in
/// English and Russian. Screenshots go to test-artifacts/.
extension OfficeScreensBrowserTests {
    func test_participants_tagBanAndUnban_inEnglishAndRussian() throws {
        _ = try paidOrder()  // Ann Lee (@ann) is a participant of coffee-shop now.
        let page = try signedInPage()
        let ann = "SELECT count(*) FROM t_coffee_shop.participants WHERE username = 'ann'"

        try page.navigate("\(h.baseURL)/office/coffee-shop/participants?q=ann")
        try ready(page, "participants")
        try page.wait(for: "document.querySelector('a[data-participant]')?.textContent === 'Ann Lee @ann'")
        XCTAssertEqual(try text(page, "h1"), "Participants")
        XCTAssertEqual(try page.evaluate("document.querySelector('input[name=q]').value").stringValue, "ann")
        try page.screenshot(to: artifacts.appendingPathComponent("office-participants-en.png"))
        // A search that finds nobody says so.
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=participants-search]'); f.elements.q.value = 'nobody-here'; f.requestSubmit(); })()"
        )
        try page.wait(for: "location.search === '?q=nobody-here' && document.querySelector('[data-screen=participants] .empty') !== null")
        try page.evaluate("history.back()")
        try page.wait(for: "location.search === '?q=ann' && document.querySelector('a[data-participant]') !== null")

        // The profile: a tag.
        try page.evaluate("document.querySelector('a[data-participant]').click()")
        try ready(page, "participant")
        try page.wait(for: "document.querySelector('form[data-form=tag]') !== null")
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=tag]'); f.elements.tag.value = 'vip'; f.requestSubmit(); })()")
        try page.wait(for: "document.querySelector('[data-tag=vip]') !== null")
        XCTAssertEqual(try h.count("\(ann) AND tags @> ARRAY['vip']"), 1)

        // A staff note, shown as text.
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=note]'); f.elements.text.value = 'Asked about <i>oat</i> milk'; f.requestSubmit(); })()"
        )
        try page.wait(for: "document.querySelector('[data-note] .note-text')?.textContent === 'Asked about <i>oat</i> milk'")
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('[data-note] i').length").intValue, 0)

        // A ban, with its reason, after the confirm dialog.
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=ban]'); f.elements.reason.value = 'Spam <b>links</b>'; f.requestSubmit(); })()"
        )
        try page.wait(for: "document.querySelector('dialog[open]') !== null")
        try page.screenshot(to: artifacts.appendingPathComponent("office-participant-ban-confirm-en.png"))
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "document.querySelector('[data-banned]')?.textContent.includes('Spam <b>links</b>')")
        XCTAssertEqual(try h.count("\(ann) AND banned_at IS NOT NULL AND ban_reason = 'Spam <b>links</b>'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("office-participant-en.png"))

        // Russian: the ban list, and the unban from it.
        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(for: "document.documentElement.lang === 'ru'")
        try page.evaluate("document.querySelector('nav a[data-screen=bans]').click()")
        try ready(page, "bans")
        // The ban list carries the first name and username only.
        try page.wait(for: "document.querySelector('a[data-participant]')?.textContent === 'Ann @ann'")
        XCTAssertEqual(try text(page, "h1"), "Бан-лист")
        try page.screenshot(to: artifacts.appendingPathComponent("office-bans-ru.png"))
        try page.evaluate("document.querySelector('[data-action=unban]').click()")
        try page.wait(for: "document.querySelector('dialog[open]')?.textContent.includes('Снять бан?')")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "document.querySelector('[data-screen=bans] .empty')?.textContent.includes('Никто не забанен')")
        XCTAssertEqual(try h.count("\(ann) AND banned_at IS NULL"), 1)

        try page.evaluate("document.querySelector('nav a[data-screen=participants]').click()")
        try ready(page, "participants")
        try page.wait(for: "document.querySelector('a[data-participant]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Участники")
        try page.screenshot(to: artifacts.appendingPathComponent("office-participants-ru.png"))
    }
}
