import Foundation
import Kernel
import Postgres
import Staff
import TesseraJSON
import XCTest

/// The signed-in back office in headless Chromium against the real server: invitations as
/// `tessera staff invite` makes them, the session cookie and CSRF token of the session API, the
/// staff API, Telegram simulated. Accepting an invitation, signing in and out, the tenant switcher,
/// Overview, News (create, edit, delete with confirm), refunding an order, language and theme.
/// Screenshots (RU and EN, light and dark, laptop and phone) go to test-artifacts/.
final class OfficeScreensBrowserTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot")
    }
    override func tearDown() { telegram?.stop() }

    var artifacts: URL { Harness.repoRoot.appendingPathComponent("test-artifacts") }

    static let email = "olga@example.com"
    static let password = "correct horse battery"

    /// An invitation link's token, as `tessera staff invite` creates it.
    func invite(_ slug: String, role: StaffRole) throws -> String {
        let tenantID = h.registry.tenant(slug)!.id
        return try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(
                tenantID: tenantID, role: role, email: try EmailAddress(Self.email), now: Date(), conn
            ).0.value
        }
    }

    /// Accepts an invitation over HTTP (the first one creates Olga's account, later ones add memberships).
    func accept(_ token: String) throws {
        let reply = try h.call(
            "POST", "/office/api/invitations/\(token)/accept",
            body: ["email": Self.email, "name": "Olga", "password": Self.password, "locale": "en"])
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    /// Signs in through the sign-in page and waits for the screen it lands on.
    func signIn(_ page: HeadlessPage) throws {
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('form[data-form=sign-in]') !== null")
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=sign-in]');
              f.elements.email.value = '\(Self.email)'; f.elements.password.value = '\(Self.password)'; f.requestSubmit(); })()
            """)
        try page.wait(for: "!location.pathname.startsWith('/office/sign-in') && document.querySelector('main [data-screen]') !== null")
    }

    /// A page signed in as the owner of coffee-shop and the manager of events-club.
    func signedInPage(width: Int = 1280, height: Int = 800) throws -> HeadlessPage {
        try accept(try invite("coffee-shop", role: .owner))
        try accept(try invite("events-club", role: .manager))
        let page = try HeadlessPage(width: width, height: height)
        try signIn(page)
        return page
    }

    func ready(_ page: HeadlessPage, _ screen: String) throws {
        try page.wait(
            for:
                "document.querySelector('[data-screen=\"\(screen)\"]') !== null && document.querySelector('.skeleton') === null"
        )
    }

    func text(_ page: HeadlessPage, _ selector: String) throws -> String? {
        try page.evaluate(
            "document.querySelector(\(String(decoding: JSONValue.string(selector).serialized(), as: UTF8.self)))?.textContent ?? null"
        ).stringValue
    }

    func test_ownerWalksThroughTheOffice_inEnglishAndRussian() throws {
        let order = try paidOrder()
        let page = try HeadlessPage(width: 1280, height: 800)

        // Accepting the invitation signs in; with one project the office opens it.
        try page.navigate("\(h.baseURL)/office/invite/\(try invite("coffee-shop", role: .owner))")
        try page.wait(for: "document.querySelector('form[data-form=invite]') !== null")
        XCTAssertTrue(try text(page, "h1")?.hasPrefix("Join ") ?? false)
        XCTAssertEqual(try page.evaluate("document.querySelector('form[data-form=invite]').elements.email.value").stringValue, Self.email)
        try page.screenshot(to: artifacts.appendingPathComponent("office-invite-en.png"))
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=invite]');
              f.elements.name.value = 'Olga'; f.elements.password.value = 'short'; f.requestSubmit(); })()
            """)
        // The server's rule, next to the field.
        try page.wait(for: "document.querySelector('[data-problem=password]')?.textContent.includes('10 characters')")
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=invite]'); f.elements.password.value = '\(Self.password)'; f.requestSubmit(); })()"
        )

        // Overview: the paid croissant and its buyer.
        try ready(page, "overview")
        XCTAssertEqual(try page.evaluate("location.pathname").stringValue, "/office/coffee-shop/")
        try page.wait(for: "document.querySelector('[data-figure=orders]')?.textContent === '1'")
        XCTAssertEqual(try text(page, "[data-figure=new]"), "1")
        XCTAssertTrue(try text(page, "[data-figure=revenue]")?.contains("★") ?? false)
        try page.wait(
            for:
                "import('/office/assets/api.js').then(({ session }) => document.querySelectorAll('nav a[data-screen]').length === session.current.memberships[0].screens.length)"
        )
        try page.screenshot(to: artifacts.appendingPathComponent("office-overview-en.png"))
        try page.evaluate("[...document.querySelectorAll('.chip')].find(c => c.textContent === '30 days').click()")
        try page.wait(
            for:
                "location.search === '?range=30d' && document.querySelectorAll('.chart')[0]?.querySelectorAll('rect').length === 30"
        )

        // News: create, edit, delete (with the confirm dialog).
        try page.evaluate("document.querySelector('nav a[data-screen=news]').click()")
        try ready(page, "news")
        try page.evaluate("document.querySelector('[data-action=new-post]').click()")
        try ready(page, "news-new")
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=post]');
              f.elements.title.value = 'Pumpkin latte <b>is back</b>'; f.elements.body.value = '<p>Every day until March.</p>'; f.requestSubmit(); })()
            """)
        // coffee-shop has two news sections: the server's problem shows next to the field.
        try page.wait(
            for: "document.querySelector('[data-problem=section]')?.textContent.includes('news, barista-club')")
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=post]'); f.elements.section.value = 'news'; f.requestSubmit(); })()
            """)
        try page.wait(
            for:
                "location.pathname === '/office/coffee-shop/news' && [...document.querySelectorAll('a[data-post]')].some(a => a.textContent === 'Pumpkin latte <b>is back</b>')"
        )
        // Data is text, never markup.
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('a[data-post] b').length").intValue, 0)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.news_posts WHERE title = 'Pumpkin latte <b>is back</b>'"), 1
        )

        let published = "SELECT publish_at::text FROM t_coffee_shop.news_posts WHERE title LIKE 'Pumpkin%'"
        let publishedBefore = try h.pool.query(SQL(unsafe: published)).first!.decode(String.self, 0)
        try page.evaluate(
            "[...document.querySelectorAll('a[data-post]')].find(a => a.textContent.startsWith('Pumpkin')).click()")
        try ready(page, "news-edit")
        try page.wait(for: "document.querySelector('form[data-form=post]')?.elements.title.value.startsWith('Pumpkin')")
        try page.evaluate(
            "(() => { const f = document.querySelector('form[data-form=post]'); f.elements.title.value = 'Pumpkin latte'; f.requestSubmit(); })()"
        )
        try page.wait(
            for: "[...document.querySelectorAll('a[data-post]')].some(a => a.textContent === 'Pumpkin latte')")
        // The form shows minutes; an untouched publish time is not sent, so the exact instant stays.
        XCTAssertEqual(try h.pool.query(SQL(unsafe: published)).first!.decode(String.self, 0), publishedBefore)
        try page.screenshot(to: artifacts.appendingPathComponent("office-news-en.png"))

        try page.evaluate(
            "[...document.querySelectorAll('a[data-post]')].find(a => a.textContent === 'Pumpkin latte').click()")
        try ready(page, "news-edit")
        try page.wait(for: "document.querySelector('[data-action=delete]') !== null")
        try page.evaluate("document.querySelector('[data-action=delete]').click()")
        try page.wait(for: "document.querySelector('dialog[open]') !== null")
        try page.screenshot(to: artifacts.appendingPathComponent("office-news-delete-confirm-en.png"))
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(
            for:
                "location.pathname === '/office/coffee-shop/news' && document.querySelector('[data-screen=news] .empty') !== null"
        )
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.news_posts WHERE title LIKE 'Pumpkin%'"), 0)

        // Orders: the paid one, refunded after confirming.
        try page.evaluate("document.querySelector('nav a[data-screen=orders]').click()")
        try ready(page, "orders")
        try page.evaluate("[...document.querySelectorAll('.chip')].find(c => c.textContent === 'paid').click()")
        try page.wait(
            for: "location.search === '?status=paid' && document.querySelector('a[data-order=\"\(order)\"]') !== null")
        try page.evaluate("document.querySelector('a[data-order=\"\(order)\"]').click()")
        try ready(page, "order")
        try page.wait(for: "document.querySelector('[data-action=refund]') !== null")
        try page.evaluate("document.querySelector('[data-action=refund]').click()")
        try page.wait(for: "document.querySelector('dialog[open]') !== null")
        try page.evaluate("document.querySelector('dialog[open] [data-confirm]').click()")
        try page.wait(
            for:
                "document.querySelector('.toast')?.textContent === 'Order refunded' && document.querySelector('[data-action=refund]') === null"
        )
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'refunded'"), 1)
        // Back goes to the filtered list.
        try page.evaluate("history.back()")
        try page.wait(for: "location.pathname === '/office/coffee-shop/orders' && location.search === '?status=paid'")

        // Russian: the choice is saved with the staff member (PATCH /office/api/me) and every screen follows.
        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(
            for:
                "document.documentElement.lang === 'ru' && document.querySelector('nav a[data-screen=overview]').textContent.includes('Обзор')"
        )
        // Saved with the staff member (PATCH /office/api/me, with the CSRF token).
        try page.wait(for: "fetch('/office/api/session').then(r => r.json()).then(s => s.staff.locale === 'ru')")
        try page.evaluate("document.querySelector('nav a[data-screen=overview]').click()")
        try ready(page, "overview")
        try page.wait(for: "document.querySelector('[data-figure=orders]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Обзор")
        // The English "Order refunded" toast went with the English page.
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('.toast').length"), .int(0))
        try page.screenshot(to: artifacts.appendingPathComponent("office-overview-ru.png"))

        // Dark theme.
        try page.evaluate("document.querySelector('[data-action=theme]').click()")
        try page.wait(for: "document.documentElement.dataset.theme === 'dark'")
        try page.wait(for: "document.querySelector('[data-figure=orders]') !== null")
        try page.screenshot(to: artifacts.appendingPathComponent("office-overview-ru-dark.png"))

        // A second project (manager there): the switcher lists both, the navigation follows the role.
        try accept(try invite("events-club", role: .manager))
        try page.navigate("\(h.baseURL)/office/")
        try ready(page, "tenants")
        XCTAssertEqual(
            try page.evaluate("[...document.querySelectorAll('[data-tenant]')].map(a => a.dataset.tenant).join(',')")
                .stringValue, "coffee-shop,events-club")
        try page.screenshot(to: artifacts.appendingPathComponent("office-tenants-ru-dark.png"))
        try page.evaluate("document.querySelector('[data-tenant=\"coffee-shop\"]').click()")
        try ready(page, "overview")
        try page.evaluate(
            "(() => { const s = document.querySelector('.tenant-switcher'); s.value = 'events-club'; s.dispatchEvent(new Event('change')); })()"
        )
        try ready(page, "overview")
        XCTAssertEqual(try page.evaluate("location.pathname").stringValue, "/office/events-club/")
        let navigation = """
            import('/office/assets/api.js').then(({ session }) => {
              const screens = session.current.memberships.find(m => m.tenant === 'events-club').screens;
              const shown = [...document.querySelectorAll('nav a[data-screen]')].map(a => a.dataset.screen);
              return JSON.stringify([shown.slice().sort(), screens.slice().sort()]);
            })
            """
        let (shown, allowed) = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data((try page.evaluate(navigation).stringValue ?? "").utf8)) as? [Any])
                .map { ($0[0] as! [String], $0[1] as! [String]) })
        XCTAssertEqual(shown, allowed)
        XCTAssertFalse(shown.contains("audit"), "managers do not read the audit log")

        // Signing out ends the session: the office asks to sign in again, and signing in works.
        try page.evaluate("document.querySelector('.user-menu summary').click()")
        try page.evaluate("document.querySelector('[data-action=sign-out]').click()")
        try page.wait(for: "location.pathname === '/office/sign-in'")
        XCTAssertEqual(try h.call("GET", "/office/api/session").status, 401)
        try page.navigate("\(h.baseURL)/office/coffee-shop/orders")
        try page.wait(for: "location.pathname === '/office/sign-in' && document.querySelector('[data-screen=sign-in]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Вход в Tessera Office", "the saved language stays on this browser")
        try signIn(page)
        // Back to where the person was going.
        try page.wait(for: "location.pathname === '/office/coffee-shop/orders'")
    }

    func test_news_pagesThroughTheServersKeysetCursor_andSortsFromTheURL() throws {
        let token = try h.staffToken("coffee-shop")
        for i in 1...25 {
            let reply = try h.admin(
                "POST", "/admin/api/v1/coffee-shop/news", token: token,
                body: ["section": "news", "title": "Post \(i)", "body": "…"])
            XCTAssertEqual(reply.status, 201, reply.text)
        }
        let page = try signedInPage()
        try page.navigate("\(h.baseURL)/office/coffee-shop/news")
        try ready(page, "news")
        try page.wait(for: "document.querySelectorAll('a[data-post]').length === 20")
        XCTAssertEqual(
            try page.evaluate(
                "[...document.querySelectorAll('.table-wrap > .button')].filter(b => getComputedStyle(b).display !== 'none').length"
            ).intValue, 1)
        try page.evaluate("document.querySelector('.table-wrap > .button').click()")
        try page.wait(
            for:
                "document.querySelectorAll('a[data-post]').length === 25 && getComputedStyle(document.querySelector('.table-wrap > .button')).display === 'none'"
        )
        // A paged list keeps the server's order: no sortable column.
        XCTAssertEqual(try page.evaluate("document.querySelectorAll('th .sort').length").intValue, 0)
    }

    func test_wholeLists_sortFromTheURL_andKeepItAcrossAReload() throws {
        let page = try signedInPage()
        try page.navigate("\(h.baseURL)/office/coffee-shop/quests")
        try ready(page, "quests")
        let rewards = "[...document.querySelectorAll('input.inline-number')].map(i => Number(i.value))"
        try page.wait(for: "\(rewards).length > 2")
        try page.evaluate(
            "[...document.querySelectorAll('th .sort')].find(b => b.textContent.startsWith('Reward')).click()")
        try page.wait(
            for: "location.search === '?sort=reward' && document.querySelector('th[aria-sort=ascending]') !== null")
        try page.evaluate(
            "[...document.querySelectorAll('th .sort')].find(b => b.textContent.startsWith('Reward')).click()")
        try page.wait(for: "location.search === '?sort=-reward'")
        try page.navigate("\(h.baseURL)/office/coffee-shop/quests?sort=-reward")
        try page.wait(for: "document.querySelector('th[aria-sort=descending]') !== null && \(rewards).length > 2")
        let values = try page.evaluate("JSON.stringify(\(rewards))").stringValue ?? ""
        let numbers = try JSONSerialization.jsonObject(with: Data(values.utf8)) as! [Int]
        XCTAssertEqual(numbers, numbers.sorted(by: >))
    }

    func test_phone_navigationIsADrawer_andTablesReadAsCards() throws {
        let page = try signedInPage(width: 390, height: 844)
        try page.navigate("\(h.baseURL)/office/coffee-shop/quests")
        try ready(page, "quests")
        XCTAssertNotEqual(
            try page.evaluate("getComputedStyle(document.querySelector('.menu-button')).display").stringValue, "none")
        try page.screenshot(to: artifacts.appendingPathComponent("office-quests-phone-en.png"))
        try page.evaluate("document.querySelector('.menu-button').click()")
        try page.wait(for: "document.body.classList.contains('nav-open')")
        try page.screenshot(to: artifacts.appendingPathComponent("office-drawer-phone-en.png"))
        // A role that cannot see a screen gets words, not a broken page.
        try page.navigate("\(h.baseURL)/office/events-club/audit")
        try page.wait(for: "document.querySelector('main .notice-error') !== null")
        XCTAssertEqual(
            try text(page, "main .notice-error"), "This section is not available to your role in this project.")
    }

    /// Checks out one croissant as the default user and pays it through the simulator.
    func paidOrder() throws -> Int {
        let checkout = try h.user(
            "POST", "/api/v1/coffee-shop/sections/menu/checkout", slug: "coffee-shop", body: ["product": "croissant"])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let order = try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)
        let outcome = try telegram.simulator.pay(botID: telegram.bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(outcome.payment?.delivered, true)
        return order
    }
}
