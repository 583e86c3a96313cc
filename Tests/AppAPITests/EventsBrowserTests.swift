import Foundation
import Kernel
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

/// events-club in headless Chromium under dev mode (an ordinary browser, the simulator in-process):
/// open the news feed and read a post, register for a free event through its form, then buy a
/// ticket for a paid masterclass (the simulator pays: pre_checkout_query → successful_payment
/// through the webhook) and see it registered. Screenshots go to test-artifacts/.
final class EventsBrowserTests: XCTestCase {
    func test_miniApp_readsAPostRegistersForAFreeEventAndBuysATicket() throws {
        let telegram = try SimulatedTelegram(slug: "events-club", botUsername: "club_bot", retryPolicy: .none)
        defer { telegram.stop() }
        let h = telegram.h
        let token = try h.staffToken("events-club")
        let post = try h.admin("POST", "/admin/api/v1/events-club/news", token: token, body: [
            "title": "Owls are back", "body": "<p>See you <b>Thursday</b> at the old bridge.</p>",
        ])
        let postID = try XCTUnwrap((post.json["post"] as? [String: Any])?["id"] as? Int, post.text)
        func event(_ section: String, _ title: String) throws -> Int {
            let reply = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: [
                "section": section, "title": title, "place": "Old bridge",
                "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400)),
            ])
            XCTAssertEqual(reply.status, 201, reply.text)
            return (reply.json["event"] as? [String: Any])?["id"] as? Int ?? 0
        }
        let walk = try event("events", "Night walk")
        let latte = try event("masterclasses", "Latte art")
        let artifacts = Harness.repoRoot.appendingPathComponent("test-artifacts")

        let page = try HeadlessPage()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData("events-club").addingPercentEncoding(withAllowedCharacters: allowed)!
        try page.navigate(
            "\(h.baseURL)/app/events-club/#/s/news?tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web")
        try page.wait(for: #"document.body.dataset.ready === "true" && document.body.dataset.screen === "news""#)

        // Read the post: its card opens the article.
        try page.wait(for: #"Array.from(document.querySelectorAll('.card-action')).some(c => c.textContent.includes("Owls are back"))"#)
        try page.evaluate(
            #"Array.from(document.querySelectorAll('.card-action')).find(c => c.textContent.includes("Owls are back")).click()"#)
        try page.wait(for: #"document.body.dataset.screen === "news/posts/\#(postID)" && document.body.innerText.includes("Thursday")"#)
        try page.screenshot(to: artifacts.appendingPathComponent("events-club-news-post.png"))

        // The free event: fill in the form, submit, see "registered".
        try page.evaluate("location.hash = '#/s/events/events/\(walk)'")
        try page.wait(for: #"document.body.dataset.screen === "events/events/\#(walk)" && !!document.querySelector("form.c-form")"#)
        let fill = """
            (function (values) {
              for (const [name, value] of Object.entries(values)) {
                const input = document.querySelector('form.c-form [name="' + name + '"]');
                if (input) { input.value = value; input.dispatchEvent(new Event("input", { bubbles: true })); }
              }
              document.querySelector("form.c-form .form-submit").click();
            })
            """
        try page.evaluate(fill + #"({ name: "Ann", email: "ann@example.com" })"#)
        try page.wait(for: #"document.body.innerText.includes("You're registered") && !document.querySelector("form.c-form")"#)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE event_id = \(walk) AND status = 'registered'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("events-club-registered.png"))

        // The paid masterclass: the form's submit opens the invoice, which the simulator pays.
        try page.evaluate("location.hash = '#/s/masterclasses/events/\(latte)'")
        try page.wait(for: #"document.body.dataset.screen === "masterclasses/events/\#(latte)" && !!document.querySelector("form.c-form")"#)
        try page.evaluate(fill + #"({ name: "Ann", phone: "+1 555 0100", comment: "left-handed" })"#)
        try page.wait(for: #"document.body.innerText.includes("You're registered") && !document.querySelector("form.c-form")"#)
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM t_events_club.event_registrations WHERE event_id = \(latte) AND status = 'registered' AND telegram_payment_charge_id IS NOT NULL"
            ), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments WHERE invoice_payload LIKE 'ticket:%'"), 1)
        try page.screenshot(to: artifacts.appendingPathComponent("events-club-ticket-paid.png"))
    }
}

/// Inside Telegram (a stub `Telegram.WebApp` with a native platform): the event screen's primary
/// action moves to the MainButton — Register, then Pay N ⭐ while the ticket awaits payment — and
/// the MainButton hides when the screen is left.
final class MainButtonBrowserTests: XCTestCase {
    func test_eventScreen_usesTelegramsMainButtonForRegisterAndPay() throws {
        let telegram = try SimulatedTelegram(
            slug: "events-club", botUsername: "club_bot", retryPolicy: .none, registerWebhook: false)
        defer { telegram.stop() }
        let h = telegram.h
        let token = try h.staffToken("events-club")
        let created = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: [
            "section": "masterclasses", "title": "Latte art",
            "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400)),
        ])
        let latte = try XCTUnwrap((created.json["event"] as? [String: Any])?["id"] as? Int, created.text)

        let raw = Harness.initData("events-club")
        let page = try Self.telegramPage(raw)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = raw.addingPercentEncoding(withAllowedCharacters: allowed)!
        try page.navigate(
            "\(h.baseURL)/app/events-club/#/s/masterclasses/events/\(latte)?tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=ios")
        try page.wait(for: #"document.body.dataset.ready === "true" && !!document.querySelector("form.c-form")"#)
        let main = Self.main
        try page.wait(for: "\(main).isVisible && \(main).handlers.length === 1")
        XCTAssertEqual(
            try page.evaluate("\(main).text === document.querySelector('form.c-form .form-submit').textContent").boolValue, true)
        XCTAssertEqual(
            try page.evaluate("getComputedStyle(document.querySelector('form.c-form .form-submit')).display").stringValue, "none",
            "the on-page button gives way to the MainButton")

        try page.evaluate(
            """
            (function (values) {
              for (const [name, value] of Object.entries(values)) document.querySelector('form.c-form [name="' + name + '"]').value = value;
              \(main).handlers.forEach(function (f) { f(); });
            })({ name: "Ann", phone: "+1 555 0100", comment: "left-handed" })
            """)
        try page.wait(for: "window.__invoices.length === 1")
        try page.wait(for: #"\#(main).isVisible && \#(main).text === "Pay 250 ⭐" && !\#(main).progress"#)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE status = 'pending_payment'"), 1)
        try page.evaluate("\(main).handlers.forEach(function (f) { f(); })")
        try page.wait(for: "window.__invoices.length === 2")

        try page.evaluate("location.hash = '#/s/news'")
        try page.wait(for: #"document.body.dataset.screen === "news" && !\#(main).isVisible && \#(main).handlers.length === 0"#)
    }

    func test_shopCart_checksOutThroughTelegramsMainButton() throws {
        let telegram = try SimulatedTelegram(
            slug: "coffee-shop", botUsername: "coffee_bot", retryPolicy: .none, registerWebhook: false)
        defer { telegram.stop() }
        let h = telegram.h
        let raw = Harness.initData("coffee-shop")
        let page = try Self.telegramPage(raw)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = raw.addingPercentEncoding(withAllowedCharacters: allowed)!
        try page.navigate("\(h.baseURL)/app/coffee-shop/#tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=ios")
        try page.wait(for: #"document.body.dataset.ready === "true" && document.body.dataset.screen === "menu""#)
        let main = Self.main
        XCTAssertEqual(try page.evaluate("\(main).isVisible").boolValue, false, "an empty cart has no checkout")
        try page.wait(for: #"!!document.querySelector('[data-source="shop.products"] .card-action')"#)
        try page.evaluate(#"document.querySelector('[data-source="shop.products"] .card-action').click()"#)
        try page.wait(for: #"!!document.querySelector('.c-button[data-api-path$="/checkout"]') && \#(main).isVisible"#)
        XCTAssertEqual(
            try page.evaluate(#"\#(main).text === document.querySelector('.c-button[data-api-path$="/checkout"]').textContent"#).boolValue,
            true)
        try page.evaluate("\(main).handlers.forEach(function (f) { f(); })")
        try page.wait(for: "window.__invoices.length === 1")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'pending'"), 1)
    }

    static let main = "Telegram.WebApp.MainButton"

    /// A page with a stub `Telegram.WebApp` (native platform, version 8.0) installed before the app
    /// loads; `window.__invoices` records the invoices it was asked to open (each closes "cancelled"),
    /// `window.__links` the links (openTelegramLink, openLink).
    static func telegramPage(_ raw: String) throws -> HeadlessPage {
        let stub = """
            window.__invoices = [];
            window.__links = [];
            window.Telegram = { WebApp: {
              initData: \(String(decoding: try JSONSerialization.data(withJSONObject: [raw], options: [.fragmentsAllowed]), as: UTF8.self))[0],
              initDataUnsafe: {}, platform: "ios", version: "8.0", themeParams: {}, colorScheme: "light",
              isVersionAtLeast: function () { return true; },
              ready: function () {}, expand: function () {}, close: function () {},
              setHeaderColor: function () {}, setBackgroundColor: function () {}, onEvent: function () {},
              BackButton: { show: function () {}, hide: function () {}, onClick: function () {} },
              HapticFeedback: { impactOccurred: function () {}, notificationOccurred: function () {}, selectionChanged: function () {} },
              MainButton: {
                text: "", isVisible: false, progress: false, handlers: [],
                setText: function (t) { this.text = t; }, show: function () { this.isVisible = true; },
                hide: function () { this.isVisible = false; },
                onClick: function (f) { this.handlers.push(f); },
                offClick: function (f) { this.handlers = this.handlers.filter(function (x) { return x !== f; }); },
                showProgress: function () { this.progress = true; }, hideProgress: function () { this.progress = false; }
              },
              openInvoice: function (url, done) { window.__invoices.push(url); setTimeout(function () { done("cancelled"); }, 10); },
              openTelegramLink: function (url) { window.__links.push(url); },
              openLink: function (url) { window.__links.push(url); }
            } };
            """
        let page = try HeadlessPage()
        try page.send("Page.enable")
        try page.send("Page.addScriptToEvaluateOnNewDocument", ["source": .string(stub)])
        return page
    }
}
