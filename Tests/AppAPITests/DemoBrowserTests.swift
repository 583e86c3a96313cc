import Foundation
import Kernel
import Telegram
import Tenancy
import XCTest

/// The seeded demo of every sample tenant in headless Chromium, as a new user sees it after
/// `tessera dev`: every section populated with pictures that load, a screenshot each in
/// test-artifacts/ (Russian for the bilingual samples). Filter chips, empty states, plurals and the
/// emoji font are `RenderBrowserTests`' part.
final class DemoBrowserTests: XCTestCase {
    var h: Harness!
    var page: HeadlessPage!

    override func setUpWithError() throws {
        h = try DemoSeederTests.harnessWithEverySample()
        page = try HeadlessPage()
    }

    override func tearDown() {
        page = nil
        h?.stop()
    }

    /// Opens `section` of `slug`'s mini app as `user` and waits until it is drawn.
    func open(_ slug: String, _ section: String, user: TelegramUser = Harness.user()) throws {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData(slug, user: user, token: Harness.tokens[slug] ?? DemoSeederTests.paidChannelToken)
            .addingPercentEncoding(withAllowedCharacters: allowed)!
        try page.navigate("about:blank")
        try page.navigate(
            "\(h.baseURL)/app/\(slug)/#/s/\(section)?tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web")
        try page.wait(for: #"document.body.dataset.ready === "true" && document.body.dataset.screen === "\#(section)""#)
    }

    func shot(_ name: String) throws {
        try page.screenshot(to: Harness.repoRoot.appendingPathComponent("test-artifacts/demo-\(name).png"))
    }

    /// Cards, leaderboard rows and quests on the screen.
    func filled() throws -> Int {
        try page.evaluate("document.querySelectorAll('.card-item, .lb-row').length").intValue.map(Int.init) ?? 0
    }

    func test_seededDemo_fillsEverySectionOfEverySampleTenant() throws {
        _ = try DemoSeederTests.seedSamples(h)
        func person(_ id: Int64, _ name: String, _ language: String) -> TelegramUser {
            TelegramUser(
                id: id, firstName: name, lastName: nil, username: nil, languageCode: language, isPremium: false, photoURL: nil,
                allowsWriteToPM: true)
        }
        // Seeded people: Sam is a barista (the coffee shop's barista club), Alexei a Russian
        // subscriber (the paid channel's premium and Russian sections); the club is seen in Russian.
        let sam = person(900_000_106, "Sam", "en"), alexei = person(900_000_301, "Алексей", "ru")
        let visits: [(slug: String, sections: [String], user: TelegramUser)] = [
            ("coffee-shop", ["menu", "beans", "news", "top"], Harness.user()),
            ("coffee-shop", ["barista-club"], sam),
            ("events-club", ["events", "masterclasses", "news"], Harness.user(language: "ru")),
            ("paid-channel", ["feed", "premium", "ru-digest", "leaders"], alexei),
        ]
        for visit in visits {
            for section in visit.sections {
                try open(visit.slug, section, user: visit.user)
                try page.wait(for: "document.querySelectorAll('.card-item, .lb-row').length > 0")
                XCTAssertEqual(
                    try page.evaluate("document.querySelector('.c-empty') === null").boolValue, true,
                    "\(visit.slug)/\(section) shows an empty state after seeding")
                // Every picture the demo points at loads (they are served by Tessera at /media/).
                try page.wait(for: "[...document.images].every(i => i.complete)")
                let broken = try page.evaluate(
                    "[...document.images].filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src')).join(' ')")
                XCTAssertEqual(broken.stringValue, "", "\(visit.slug)/\(section): pictures that did not load")
                try shot("\(visit.slug)-\(section)")
            }
        }
    }
}
