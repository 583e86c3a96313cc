import AppAPI
import Foundation
import Staff
import Telegram
import TesseraJSON
import XCTest

@testable import AppAPI

/// Texts that are markup — a participant's name, a staff member's name, a news title, a product,
/// a note, a ban reason, a message to the bot — show as text on every tenant screen of the
/// office in headless Chromium: no element they describe appears, no script runs. Every screen
/// URL the office serves is visited (`OfficeRoutes.screens`), so a new screen is checked too.
final class EscapingBrowserTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }

    override func setUpWithError() throws { f = try SecurityFixture() }
    override func tearDown() { f?.stop() }

    static let image = "<img src=x onerror=window.__xss=1>"
    static let script = "\"><script>window.__xss=1</script>"
    static let both = image + " " + script

    var artifacts: URL { Harness.repoRoot.appendingPathComponent("test-artifacts") }

    /// Markup everywhere in coffee-shop: a participant who bought a product, was noted, banned
    /// and wrote to the bot; a post; the staff member's own name. Returns the path values.
    func seedMarkup() throws -> [String: String] {
        let owner = try f.token("coffee-shop")
        let base = "/admin/api/v1/coffee-shop"
        let product = try h.admin("POST", base + "/products", token: owner, body: ["key": "xss", "title": Self.image, "description": Self.script, "price": 5])
        XCTAssertEqual(product.status, 201, product.text)
        let post = try h.admin("POST", base + "/news", token: owner, body: ["section": "news", "title": Self.both])
        XCTAssertEqual(post.status, 201, post.text)
        let user = TelegramUser(id: 777_777, firstName: Self.image, lastName: Self.script, username: "xss_user", languageCode: "en")
        let checkout = try h.call(
            "POST", "/api/v1/coffee-shop/sections/menu/checkout", body: ["product": "xss"],
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: user)])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let order = try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)
        XCTAssertEqual(try f.simulator.pay(botID: try f.bot("coffee-shop"), user: user, invoiceLink: link).payment?.delivered, true)
        XCTAssertTrue(try f.simulator.sendUserMessage(botID: try f.bot("coffee-shop"), user: user, content: ["text": .string(Self.both)]).delivered)
        let participant = try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = 777777")
        let people = base + "/participants/\(participant)"
        XCTAssertEqual(try h.admin("POST", people + "/notes", token: owner, body: ["text": Self.script]).status, 201)
        XCTAssertEqual(try h.admin("POST", people + "/ban", token: owner, body: ["reason": Self.image]).status / 100, 2)
        // Tags are tokens: markup cannot become one.
        let tag = try h.admin("POST", people + "/tags/" + Self.image.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, token: owner)
        XCTAssertEqual(tag.status, 422, tag.text)
        var ids = try f.records("coffee-shop")
        ids["participant"] = String(participant)
        ids["order"] = String(order)
        ids["post"] = String(try XCTUnwrap((post.json["post"] as? [String: Any])?["id"] as? Int))
        ids["conversation"] = String(try h.count("SELECT id FROM t_coffee_shop.conversations WHERE participant_id = \(participant)"))
        return ids
    }

    /// The screens that must show the markup as text, and which of it.
    static let shown: [String: [String]] = [
        "/office/{tenant}/participants": [image],
        "/office/{tenant}/participants/{participant}": [image, script],
        "/office/{tenant}/bans": [image],
        "/office/{tenant}/news": [both],
        "/office/{tenant}/orders": [image],
        "/office/{tenant}/orders/{order}": [image],
        "/office/{tenant}/": [both],
    ]

    func test_markupInEveryText_showsAsTextOnEveryScreen_andRunsNothing() throws {
        let ids = try seedMarkup()
        _ = try f.signIn("coffee-shop", role: .owner, email: "markup@example.com", name: Self.both)
        let person = try h.count("SELECT id FROM platform.staff_people WHERE email = 'markup@example.com'")
        let events = try h.tenantID("events-club")
        _ = try h.pool.withConnection { try StaffDirectory().addMember(personID: person, tenantID: events, role: .owner, $0) }
        let page = try HeadlessPage(width: 1280, height: 800)
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('form[data-form=sign-in]') !== null")
        try page.evaluate(
            """
            (() => { const f = document.querySelector('form[data-form=sign-in]');
              f.elements.email.value = 'markup@example.com'; f.elements.password.value = '\(SecurityFixture.password)'; f.requestSubmit(); })()
            """)
        try page.wait(for: "!location.pathname.startsWith('/office/sign-in') && document.querySelector('main [data-screen]') !== null")

        var visited = 0
        for screen in OfficeRoutes.screens where screen.hasPrefix("/office/{tenant}") {
            // Events live in events-club; everything else in coffee-shop, where the markup is.
            let path =
                screen.contains("/events")
                ? SecurityFixture.fill(screen, tenant: "events-club", try f.records("events-club"))
                : SecurityFixture.fill(screen, tenant: "coffee-shop", ids)
            guard let path else {
                XCTFail("\(screen): no record to show")
                continue
            }
            try page.navigate(h.baseURL + path)
            do {
                try page.wait(for: "document.querySelector('main [data-screen]') !== null && document.querySelector('.skeleton') === null")
            } catch {
                XCTFail("\(path): \(error)")
                continue
            }
            for text in Self.shown[screen] ?? [] {
                let literal = String(decoding: JSONValue.string(text).serialized(), as: UTF8.self)
                try page.wait(for: "document.body.textContent.includes(\(literal))")
            }
            let injected = try page.evaluate(
                "document.querySelectorAll('img[src=\"x\"], [onerror]').length + [...document.scripts].filter(s => !s.src.includes('/office/assets/')).length"
            ).intValue
            XCTAssertEqual(injected, 0, "\(path): markup became elements")
            XCTAssertEqual(try page.evaluate("typeof window.__xss").stringValue, "undefined", path)
            visited += 1
        }
        XCTAssertGreaterThan(visited, 10)
        let participant = try XCTUnwrap(ids["participant"], "seedMarkup gave no participant")
        try page.navigate(h.baseURL + "/office/coffee-shop/participants/\(participant)")
        try page.wait(for: "document.querySelector('main [data-screen]') !== null && document.querySelector('.skeleton') === null")
        try page.screenshot(to: artifacts.appendingPathComponent("office-security-markup-profile-en.png"))
    }
}
