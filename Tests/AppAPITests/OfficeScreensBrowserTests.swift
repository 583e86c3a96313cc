import Foundation
import Kernel
import Postgres
import TesseraJSON
import XCTest

/// The signed-in back office in headless Chromium against the real server and staff API: tenant
/// switcher, Overview, News (create, edit, delete with confirm), refunding an order, language and
/// theme. Screenshots (RU and EN, light and dark, laptop and phone) go to test-artifacts/.
///
/// Until the session API (`/office/api/session`, cookies) is in main, a script injected through
/// the DevTools protocol stands in for it: it answers `GET /office/api/session` and
/// `PATCH /office/api/me` with the documented shapes and adds the tenant's bearer token to staff
/// API calls. Everything else — the staff API, the data, Telegram — is real.
final class OfficeScreensBrowserTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot")
    }
    override func tearDown() { telegram?.stop() }

    var artifacts: URL { Harness.repoRoot.appendingPathComponent("test-artifacts") }

    static let screens = [
        "overview", "participants", "contacts", "bans", "dialogs", "news", "events", "orders", "payments", "quests",
        "ratings",
    ]

    /// A page signed in as the owner of coffee-shop and manager of events-club.
    func signedInPage(width: Int = 1280, height: Int = 800) throws -> HeadlessPage {
        let tokens = [
            "coffee-shop": try h.staffToken("coffee-shop", role: .owner),
            "events-club": try h.staffToken("events-club", role: .manager),
        ]
        let session: JSONValue = [
            "staff": ["id": 1, "email": "olga@example.com", "name": "Olga", "locale": .null, "telegram_linked": false],
            "memberships": [
                [
                    "tenant": "coffee-shop", "title": "Bean There", "role": "owner",
                    "screens": .array(Self.screens.map { .string($0) }),
                ],
                [
                    "tenant": "events-club", "title": "Events Club", "role": "manager",
                    "screens": ["overview", "news", "events", "orders"],
                ],
            ],
            "csrf_token": "csrf-test-token",
        ]
        let tokenMap = JSONValue.object(JSONObject(tokens.map { ($0.key, JSONValue.string($0.value)) }))
        let shim = """
            (() => {
              const session = \(String(decoding: session.serialized(), as: UTF8.self));
              const tokens = \(String(decoding: tokenMap.serialized(), as: UTF8.self));
              const realFetch = window.fetch.bind(window);
              const json = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
              window.__officeRequests = [];
              window.fetch = (input, init = {}) => {
                const url = new URL(String(input), location.href);
                const method = init.method || "GET";
                const headers = { ...(init.headers || {}) };
                window.__officeRequests.push({ method, path: url.pathname, csrf: headers["X-CSRF-Token"] || null, body: init.body || null });
                if (url.pathname === "/office/api/session" && method === "GET") return json(session);
                if (url.pathname === "/office/api/me" && method === "PATCH") {
                  Object.assign(session.staff, JSON.parse(init.body));
                  return json({ staff: session.staff });
                }
                const tenant = url.pathname.match(/^\\/admin\\/api\\/v1\\/([^/]+)\\//);
                if (tenant) headers.Authorization = "Bearer " + tokens[tenant[1]];
                return realFetch(input, { ...init, headers });
              };
            })();
            """
        let page = try HeadlessPage(width: width, height: height)
        try page.send("Page.enable")
        try page.send("Page.addScriptToEvaluateOnNewDocument", ["source": .string(shim)])
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
        let page = try signedInPage()

        // Tenant switcher.
        try page.navigate("\(h.baseURL)/office/")
        try ready(page, "tenants")
        XCTAssertEqual(
            try page.evaluate("[...document.querySelectorAll('[data-tenant]')].map(a => a.dataset.tenant).join(',')")
                .stringValue, "coffee-shop,events-club")
        try page.screenshot(to: artifacts.appendingPathComponent("office-tenants-en.png"))
        try page.evaluate("document.querySelector('[data-tenant=\"coffee-shop\"]').click()")

        // Overview: the paid croissant and its buyer.
        try ready(page, "overview")
        XCTAssertEqual(try page.evaluate("location.pathname").stringValue, "/office/coffee-shop/")
        try page.wait(for: "document.querySelector('[data-figure=orders]')?.textContent === '1'")
        XCTAssertEqual(try text(page, "[data-figure=new]"), "1")
        XCTAssertTrue(try text(page, "[data-figure=revenue]")?.contains("★") ?? false)
        XCTAssertEqual(
            try page.evaluate("document.querySelectorAll('nav a[data-screen]').length").intValue,
            Int64(Self.screens.count))
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
        let create =
            try page.evaluate(
                "JSON.stringify(window.__officeRequests.find(r => r.method === 'POST' && r.path.endsWith('/news')))"
            ).stringValue ?? ""
        XCTAssertTrue(create.contains("\"csrf\":\"csrf-test-token\""), create)

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
        let patch =
            try page.evaluate(
                "JSON.stringify(window.__officeRequests.find(r => r.method === 'PATCH' && r.path === '/office/api/me'))"
            ).stringValue ?? ""
        XCTAssertTrue(
            patch.contains("/office/api/me") && patch.contains("csrf-test-token") && patch.contains("ru"), patch)
        try page.evaluate("document.querySelector('nav a[data-screen=overview]').click()")
        try ready(page, "overview")
        try page.wait(for: "document.querySelector('[data-figure=orders]') !== null")
        XCTAssertEqual(try text(page, "h1"), "Обзор")
        try page.screenshot(to: artifacts.appendingPathComponent("office-overview-ru.png"))

        // Dark theme.
        try page.evaluate("document.querySelector('[data-action=theme]').click()")
        try page.wait(for: "document.documentElement.dataset.theme === 'dark'")
        try page.wait(for: "document.querySelector('[data-figure=orders]') !== null")
        try page.screenshot(to: artifacts.appendingPathComponent("office-overview-ru-dark.png"))

        // Another tenant: a manager there, so fewer screens.
        try page.evaluate(
            "(() => { const s = document.querySelector('.tenant-switcher'); s.value = 'events-club'; s.dispatchEvent(new Event('change')); })()"
        )
        try ready(page, "overview")
        XCTAssertEqual(try page.evaluate("location.pathname").stringValue, "/office/events-club/")
        XCTAssertEqual(
            try page.evaluate(
                "[...document.querySelectorAll('nav a[data-screen]')].map(a => a.dataset.screen).join(',')"
            ).stringValue, "overview,news,events,orders")
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
        let cursors = try page.evaluate("window.__officeRequests.filter(r => r.path.endsWith('/news')).length").intValue
        XCTAssertEqual(cursors, 2)
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
        try page.navigate("\(h.baseURL)/office/events-club/payments")
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
