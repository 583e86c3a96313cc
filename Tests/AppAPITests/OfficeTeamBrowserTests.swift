import Foundation
import XCTest

/// The Team screen and the profile menu's "Link Telegram" in headless Chromium: the last-owner
/// refusal, an invitation link to copy, a role change and a removal after confirm dialogs, in
/// English and Russian; a manager sees the lists only. Screenshots go to test-artifacts/office-team-*.png.
extension OfficeScreensBrowserTests {
    func selectRole(_ page: HeadlessPage, of member: Int, _ role: String) throws {
        try page.evaluate(
            "(() => { const s = document.querySelector('select[data-role-of=\"\(member)\"]'); s.value = '\(role)'; s.dispatchEvent(new Event('change')); })()"
        )
        try page.wait(for: "document.querySelector('dialog[open]') !== null")
    }

    func test_team_inviteChangeRoleRemove_andTheLastOwnerRule_inEnglishAndRussian() throws {
        let page = try signedInPage()
        let olga = Int(try h.count("SELECT id FROM platform.staff_people WHERE email = 'olga@example.com'"))
        try page.navigate("\(h.baseURL)/office/coffee-shop/team")
        try ready(page, "team")
        try page.wait(for: "document.querySelectorAll('tr[data-member]').length === 1")
        XCTAssertEqual(try text(page, "h1"), "Team")
        XCTAssertEqual(try page.evaluate("document.querySelector('nav a[data-screen=team]') !== null").boolValue, true)

        // Olga is the only owner: demoting her is refused with the rule in words.
        try selectRole(page, of: olga, "manager")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "document.querySelector('[data-team-notice] [data-error-code=last_owner]') !== null")
        XCTAssertEqual(
            try text(page, "[data-team-notice] [role=alert]"), "The project must keep an owner: make someone else owner first.")
        XCTAssertEqual(try page.evaluate("document.querySelector('select[data-role-of=\"\(olga)\"]').value").stringValue, "owner")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_memberships WHERE person_id = \(olga) AND role = 'owner'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-last-owner-en.png"))

        // An invitation: the one-time link to copy, its expiry, and the pending row.
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=invite-staff]'); f.elements.role.value = 'manager';
              f.elements.name.value = 'Ivan <i>Petrov</i>'; f.elements.email.value = 'ivan@example.com'; f.requestSubmit(); })()
            """)
        try page.wait(for: "document.querySelector('[data-invitation-link]')?.value.includes('/office/invite/') && document.querySelectorAll('tr[data-invitation]').length === 1")
        XCTAssertEqual(try text(page, "tr[data-invitation] td:nth-child(2)"), "Ivan <i>Petrov</i>")
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('tr[data-invitation] i').length").intValue, 0)
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-invite-en.png"))
        let link = try XCTUnwrap(try page.evaluate("document.querySelector('[data-invitation-link]').value").stringValue)
        let accepted = try h.call(
            "POST", "/office/api/invitations/\(link.split(separator: "/").last!)/accept",
            body: ["name": "Ivan", "password": "another long passphrase"])
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let ivan = Int(try h.count("SELECT id FROM platform.staff_people WHERE email = 'ivan@example.com'"))

        // Russian: Ivan's role changed after the confirm dialog, then he is removed.
        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(for: "document.documentElement.lang === 'ru' && document.querySelectorAll('tr[data-member]').length === 2")
        XCTAssertEqual(try text(page, "h1"), "Команда")
        try selectRole(page, of: ivan, "support")
        XCTAssertTrue(try text(page, "dialog[open]")?.contains("Сменить роль?") ?? false)
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "[...document.querySelectorAll('.toast')].some(e => e.textContent.includes('теперь роль «поддержка»'))")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_memberships WHERE person_id = \(ivan) AND role = 'support'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-role-ru.png"))
        try page.evaluate("document.querySelector('tr[data-member=\"\(ivan)\"] [data-action=remove]').click()")
        try page.wait(for: "document.querySelector('dialog[open]')?.textContent.includes('Убрать из команды?')")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(for: "document.querySelectorAll('tr[data-member]').length === 1")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_memberships WHERE person_id = \(ivan)"), 0)

        // A manager sees the team, not the owner's actions.
        try page.navigate("\(h.baseURL)/office/events-club/team")
        try ready(page, "team")
        try page.wait(for: "document.querySelectorAll('tr[data-member]').length === 1")
        XCTAssertEqual(
            try page.evaluate(
                "document.querySelector('form[data-form=invite-staff]') === null && document.querySelector('select[data-role-of], [data-action=remove]') === null"
            ).boolValue, true)
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-manager-ru.png"))
    }

    func test_profileMenu_linksTelegramThroughTheBot_andShowsTheLinkedState() throws {
        let page = try signedInPage()
        try page.navigate("\(h.baseURL)/office/coffee-shop/team")
        try ready(page, "team")
        try page.evaluate("document.querySelector('.user-menu summary').click()")
        try page.wait(for: "document.querySelector('[data-telegram-state=unlinked]') !== null")
        try page.evaluate("document.querySelector('[data-action=link-telegram]').click()")
        try page.wait(for: "document.querySelector('dialog[open] [data-telegram-link]') !== null")
        let link = try XCTUnwrap(try page.evaluate("document.querySelector('[data-telegram-link]').href").stringValue)
        let bot = h.registry.tenant("coffee-shop")!.botUsername
        XCTAssertTrue(link.hasPrefix("https://t.me/\(bot)?start=staff_"), link)
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-telegram-link-en.png"))

        let user = Harness.user(id: 990_001)
        let payload = String(link.dropFirst("https://t.me/\(bot)?start=".count))
        XCTAssertEqual(telegram.simulator.sendStart(botID: telegram.bot, user: user, payload: payload).delivered, true)
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.evaluate("document.querySelector('.user-menu summary').click()")
        try page.wait(for: "document.querySelector('[data-telegram-state=linked]') !== null")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_people WHERE telegram_user_id = 990001"), 1)
        // The Team screen shows it too (after a reload of the list).
        try page.navigate("\(h.baseURL)/office/coffee-shop/team")
        try page.wait(for: "document.querySelector('tr[data-member] td:nth-child(4)')?.textContent === 'linked'")
        try page.screenshot(to: artifacts.appendingPathComponent("office-team-telegram-linked-en.png"))
        try page.evaluate("document.querySelector('.user-menu summary').click()")
        try page.evaluate("document.querySelector('[data-action=unlink-telegram]').click()")
        try page.evaluate("document.querySelector('.user-menu summary').click()")
        try page.wait(for: "document.querySelector('[data-telegram-state=unlinked]') !== null")
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_people WHERE telegram_user_id IS NOT NULL"), 0)
    }
}
