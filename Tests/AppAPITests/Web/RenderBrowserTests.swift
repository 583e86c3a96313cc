import Blueprint
import Foundation
import Kernel
import TesseraJSON
import XCTest

/// What the blueprint says, as the mini app shows it in headless Chromium: category filter chips,
/// the list's own empty state, plural-aware badges, icons of the set and emoji in colour.
/// Screenshots go to test-artifacts/.
final class RenderBrowserTests: XCTestCase {
    func open(_ h: Harness, slug: String, section: String, language: String = "en") throws -> HeadlessPage {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData(slug, user: Harness.user(language: language))
            .addingPercentEncoding(withAllowedCharacters: allowed)!
        let page = try HeadlessPage()
        try page.navigate(
            "\(h.baseURL)/app/\(slug)/#/s/\(section)?tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web")
        try page.wait(for: #"document.body.dataset.ready === "true" && document.body.dataset.screen === "\#(section)""#)
        return page
    }

    func shot(_ page: HeadlessPage, _ name: String) throws {
        let file = Harness.repoRoot.appendingPathComponent("test-artifacts/\(name).png")
        try page.screenshot(to: file)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path))
    }

    func titles(_ page: HeadlessPage) throws -> [String] {
        try page.evaluate(
            #"JSON.stringify(Array.from(document.querySelectorAll('[data-source="shop.products"] .card-title')).map(e => e.textContent))"#
        ).stringValue.map { try JSONParser.parse(Array($0.utf8)).arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
    }

    func test_shopCatalog_categoryChipShowsOnlyThatCategoryAndAllBringsTheRestBack() throws {
        let h = try Harness()
        defer { h.stop() }
        let page = try open(h, slug: "coffee-shop", section: "menu")
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-item').length === 4"#)
        let chips = try page.evaluate(
            #"Array.from(document.querySelectorAll('.cards-chip')).map(c => c.textContent).join("|")"#)
        XCTAssertEqual(chips.stringValue, "All|Coffee|Pastry|Beans to go")

        try page.evaluate(#"document.querySelector('.cards-chip[data-filter="pastry"]').click()"#)
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-item').length === 1"#)
        XCTAssertEqual(try titles(page), ["Butter croissant"])
        XCTAssertEqual(
            try page.evaluate(#"document.querySelector('.cards-chip[data-filter="pastry"]').getAttribute("aria-selected")"#)
                .stringValue, "true")
        try shot(page, "mini-app-filter-pastry-coffee-shop")

        try page.evaluate(#"document.querySelector('.cards-chip[data-filter="coffee"]').click()"#)
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-item').length === 2"#)
        XCTAssertEqual(Set(try titles(page)), ["Flat white", "Filter of the day"])
        try page.evaluate(#"document.querySelector('.cards-chip[data-filter=""]').click()"#)
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-item').length === 4"#)
    }

    func test_emptySection_showsTheListsOwnEmptyStateWithTheSectionsIcon() throws {
        let h = try Harness()
        defer { h.stop() }
        let page = try open(h, slug: "coffee-shop", section: "news")
        try page.wait(for: #"!!document.querySelector('[data-source="news.posts"] .c-empty')"#)
        XCTAssertEqual(try page.evaluate("document.querySelector('.c-empty .empty-title').textContent").stringValue, "No posts yet")
        XCTAssertEqual(
            try page.evaluate("document.querySelector('.c-empty .empty-text').textContent").stringValue,
            "New posts will appear here.")
        let newspaper = IconSet.paths.first { $0.name == "newspaper" }!.path
        XCTAssertEqual(try page.evaluate("document.querySelector('.c-empty svg path').getAttribute('d')").stringValue, newspaper)
        XCTAssertFalse(
            try page.evaluate("document.body.innerText.includes('Nothing here yet')").boolValue ?? true,
            "the generic placeholder is not shown instead")
        try shot(page, "mini-app-empty-news-coffee-shop")
    }

    func test_eventBadges_inRussian_useThePluralFormOfTheCount() throws {
        let h = try Harness()
        defer { h.stop() }
        // events-club speaks English and Russian.
        let token = try h.staffToken("events-club")
        for (title, capacity, hours) in [("Два места", 2, 30.0), ("Пять мест", 5, 31.0), ("Двадцать одно", 21, 32.0)] {
            let created = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: [
                "section": "events", "title": title, "capacity": capacity,
                "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(hours * 3600)),
            ])
            XCTAssertEqual(created.status, 201, created.text)
        }
        let page = try open(h, slug: "events-club", section: "events", language: "ru")
        try page.wait(for: #"document.querySelectorAll('[data-source="events.upcoming"] .card-badge').length === 3"#)
        let badges = try page.evaluate(
            #"Array.from(document.querySelectorAll('[data-source="events.upcoming"] .card-badge')).map(b => b.textContent).join("|")"#)
        XCTAssertEqual(badges.stringValue, "Осталось 2 места|Осталось 5 мест|Осталось 21 место")
        try shot(page, "mini-app-seats-ru-events-club")
    }

    func test_menu_drawsTheCupIconAndTheStarEmojiInColour() throws {
        let h = try Harness()
        defer { h.stop() }
        let page = try open(h, slug: "coffee-shop", section: "menu")
        let cup = IconSet.paths.first { $0.name == "cup" }!.path
        XCTAssertEqual(
            try page.evaluate(#"document.querySelector('.tab[data-section="menu"] path').getAttribute('d')"#).stringValue, cup,
            "the menu's tab draws the cup, not the fallback dot")
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-badge').length === 4"#)
        XCTAssertEqual(
            try page.evaluate(#"document.querySelector('[data-source="shop.products"] .card-badge').textContent"#).stringValue,
            "45 ⭐")
        // ⭐ drawn on a canvas in the page's fonts: a colour emoji font gives yellow pixels, a
        // missing one a black outline or a blank box.
        let yellow = try page.evaluate(
            """
            (function () {
              var canvas = document.createElement("canvas");
              canvas.width = canvas.height = 64;
              var g = canvas.getContext("2d");
              g.font = "48px sans-serif";
              g.textBaseline = "top";
              g.fillStyle = "#000";
              g.fillText("⭐", 4, 4);
              var data = g.getImageData(0, 0, 64, 64).data, count = 0;
              for (var i = 0; i < data.length; i += 4) {
                if (data[i + 3] > 200 && data[i] > 200 && data[i + 1] > 140 && data[i + 2] < 110) count++;
              }
              return count;
            })()
            """)
        XCTAssertGreaterThan(yellow.intValue ?? 0, 100, "⭐ is not drawn in colour: is fonts-noto-color-emoji installed?")
        try shot(page, "mini-app-stars-coffee-shop")
    }
}
