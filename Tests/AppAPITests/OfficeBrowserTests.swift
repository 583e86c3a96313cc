import Foundation
import XCTest

/// The back office in headless Chromium: the sign-in page in English and Russian, light and dark,
/// and a deep link without a session landing on it. Screenshots go to test-artifacts/.
final class OfficeBrowserTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    var artifacts: URL { Harness.repoRoot.appendingPathComponent("test-artifacts") }

    func test_signIn_rendersInEnglishAndRussian_andKeepsTheChoice() throws {
        let page = try HeadlessPage(width: 1280, height: 800)
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('[data-screen=sign-in] h1') !== null")
        // Headless Chromium's languages are en-US: English until the person picks Russian.
        XCTAssertEqual(
            try page.evaluate("document.querySelector('h1').textContent").stringValue, "Sign in to Tessera Office")
        XCTAssertEqual(try page.evaluate("document.documentElement.lang").stringValue, "en")
        XCTAssertEqual(
            try page.evaluate("document.querySelector('label[for^=f-email]').textContent").stringValue, "Email")
        try page.screenshot(to: artifacts.appendingPathComponent("office-sign-in-en.png"))

        try page.evaluate("document.querySelector('[data-action=locale]').click()")
        try page.wait(for: "document.querySelector('h1').textContent === 'Вход в Tessera Office'")
        XCTAssertEqual(try page.evaluate("document.documentElement.lang").stringValue, "ru")
        XCTAssertEqual(
            try page.evaluate("document.querySelector('[data-action=telegram-sign-in]').textContent").stringValue,
            "Войти через Telegram")
        try page.screenshot(to: artifacts.appendingPathComponent("office-sign-in-ru.png"))

        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('h1')?.textContent === 'Вход в Tessera Office'")
    }

    func test_theme_followsTheToggleAndSurvivesAReload() throws {
        let page = try HeadlessPage()
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('[data-screen=sign-in]') !== null")
        let first = try XCTUnwrap(page.evaluate("document.documentElement.dataset.theme").stringValue)
        try page.evaluate("document.querySelector('[data-action=theme]').click()")
        let flipped = first == "dark" ? "light" : "dark"
        try page.wait(for: "document.documentElement.dataset.theme === '\(flipped)'")
        let background = try page.evaluate("getComputedStyle(document.body).backgroundColor").stringValue
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(
            for:
                "document.querySelector('[data-screen=sign-in]') !== null && document.documentElement.dataset.theme === '\(flipped)'"
        )
        XCTAssertEqual(try page.evaluate("getComputedStyle(document.body).backgroundColor").stringValue, background)
        if flipped == "dark" {
            try page.screenshot(to: artifacts.appendingPathComponent("office-sign-in-dark-phone.png"))
        }
    }

    func test_deepLinkWithoutASession_landsOnSignIn() throws {
        let page = try HeadlessPage()
        try page.navigate("\(h.baseURL)/office/coffee-shop/orders?status=paid")
        try page.wait(
            for: "location.pathname === '/office/sign-in' && document.querySelector('[data-screen=sign-in]') !== null")
        // Where the person was going is kept for after the sign-in.
        XCTAssertEqual(
            try page.evaluate("sessionStorage.getItem('office.after')").stringValue,
            "/office/coffee-shop/orders?status=paid")
    }

    func test_everyText_existsInBothLanguages() throws {
        let page = try HeadlessPage()
        try page.navigate("\(h.baseURL)/office/sign-in")
        try page.wait(for: "document.querySelector('[data-screen=sign-in]') !== null")
        let missing = try page.evaluate(
            """
            import('/office/assets/i18n.js').then(({ texts }) => {
              const en = Object.keys(texts.en), ru = Object.keys(texts.ru);
              return en.filter((k) => !ru.includes(k)).concat(ru.filter((k) => !en.includes(k))).join(',');
            })
            """
        ).stringValue
        XCTAssertEqual(missing, "")
    }
}
