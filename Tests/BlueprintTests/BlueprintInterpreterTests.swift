import Blueprint
import Foundation
import TesseraJSON
import XCTest

final class BlueprintInterpreterTests: XCTestCase {
    private let march1 = Date(timeIntervalSince1970: 1_740_787_200)  // 2025-03-01T00:00:00Z

    private func interpreter() throws -> BlueprintInterpreter {
        BlueprintInterpreter(try Fixture.loaded(Fixture.blueprint(
            app: ##"{"name": {"en": "Cafe", "ru": "Кафе"}, "default_locale": "en", "locales": ["en", "ru"], "description": {"en": "Coffee", "ru": "Кофе"}, "theme": {"accent": "#112233", "accent_dark": "#445566"}}"##,
            navigation: #"{"items": [{"section": "news", "title": {"en": "Home", "ru": "Главная"}, "icon": "home"}, {"section": "vip"}, {"section": "spring"}, {"section": "russian"}]}"#,
            sections: #"""
                [{"id": "news", "type": "news", "title": {"en": "News", "ru": "Новости"}, "icon": "newspaper",
                  "actions": [{"text": "VIP", "kind": "open_section", "section": "vip"}, {"text": "Site", "style": "primary", "kind": "open_link", "url": "https://cafe.example"}]},
                 {"id": "vip", "type": "news", "title": "VIP", "visible_if": {"tags_any": ["vip", "staff"], "tags_all": ["member"], "tags_none": ["banned"]}},
                 {"id": "spring", "type": "news", "title": "Spring", "visible_if": {"from": "2025-03-01", "until": "2025-06-01"}},
                 {"id": "russian", "type": "news", "title": "Только по-русски", "visible_if": {"locales": ["ru"]}}]
                """#)))
    }

    func test_resolveLocale_matchesExactlyThenByLanguageThenDefaults() throws {
        let interpreter = try interpreter()
        XCTAssertEqual(interpreter.resolveLocale("ru"), "ru")
        XCTAssertEqual(interpreter.resolveLocale("RU"), "ru")
        XCTAssertEqual(interpreter.resolveLocale("ru-RU"), "ru")
        XCTAssertEqual(interpreter.resolveLocale("ru_RU"), "ru")
        XCTAssertEqual(interpreter.resolveLocale("de"), "en")
        XCTAssertEqual(interpreter.resolveLocale(""), "en")
        XCTAssertEqual(interpreter.resolveLocale(nil), "en")
    }

    func test_manifest_isResolvedForTheLocale() throws {
        let manifest = try interpreter().manifest(locale: "ru", tags: [], now: march1)
        XCTAssertEqual(manifest, [
            "name": "Кафе", "description": "Кофе", "locale": "ru", "locales": ["en", "ru"],
            "theme": ["accent": "#112233", "accent_dark": "#445566"],
            "navigation": [
                "style": "tabs",
                "items": [
                    ["section": "news", "type": "news", "title": "Главная", "icon": "home"],
                    ["section": "spring", "type": "news", "title": "Spring"],
                    ["section": "russian", "type": "news", "title": "Только по-русски"],
                ],
            ],
        ])
    }

    func test_manifest_fallsBackToDefaultLocaleAndDropsInvisibleSections() throws {
        let manifest = try interpreter().manifest(locale: "de", tags: [], now: march1.addingTimeInterval(-1))
        XCTAssertEqual(manifest["name"], "Cafe")
        XCTAssertEqual(manifest["locale"], "en")
        let ids = manifest["navigation"]?["items"]?.arrayValue?.compactMap { $0["section"]?.stringValue }
        XCTAssertEqual(ids, ["news"])
    }

    func test_visibility_followsTags() throws {
        let interpreter = try interpreter()
        func sees(_ tags: Set<String>) -> Bool {
            interpreter.screen("vip", context: ScreenContext(locale: "en", tags: tags, now: march1)) != nil
        }
        XCTAssertTrue(sees(["vip", "member"]))
        XCTAssertTrue(sees(["staff", "member"]))
        XCTAssertFalse(sees(["vip"]), "tags_all requires member")
        XCTAssertFalse(sees(["member"]), "tags_any requires vip or staff")
        XCTAssertFalse(sees(["vip", "member", "banned"]), "tags_none excludes banned")
    }

    func test_visibility_followsDateWindowWithExclusiveEnd() throws {
        let interpreter = try interpreter()
        func sees(_ now: Date) -> Bool {
            interpreter.screen("spring", context: ScreenContext(locale: "en", now: now)) != nil
        }
        let june1 = Date(timeIntervalSince1970: 1_748_736_000)
        XCTAssertFalse(sees(march1.addingTimeInterval(-1)))
        XCTAssertTrue(sees(march1))
        XCTAssertTrue(sees(june1.addingTimeInterval(-1)))
        XCTAssertFalse(sees(june1))
    }

    func test_visibility_followsResolvedLocale() throws {
        let interpreter = try interpreter()
        XCTAssertNotNil(interpreter.screen("russian", context: ScreenContext(locale: "ru-RU", now: march1)))
        XCTAssertNil(interpreter.screen("russian", context: ScreenContext(locale: "en", now: march1)))
        XCTAssertNil(interpreter.screen("russian", context: ScreenContext(locale: "de", now: march1)))
    }

    func test_screen_unknownSectionIsNil() throws {
        XCTAssertNil(try interpreter().screen("nope", context: ScreenContext(locale: "en", now: march1)))
    }

    func test_screen_buildsNewsAndDropsButtonsToInvisibleSections() throws {
        let interpreter = try interpreter()
        let screen = interpreter.screen("news", context: ScreenContext(locale: "ru", tags: [], now: march1))
        XCTAssertEqual(screen, [
            "screen": [
                "id": "news", "type": "news", "title": "Новости",
                "components": [
                    ["type": "header", "text": "Новости"],
                    [
                        "type": "card_list", "id": "news-posts", "source": "news.posts", "layout": "list", "items": [], "page_size": 10,
                        "empty": ["type": "empty_state", "title": "Пока нет публикаций", "text": "Новые публикации появятся здесь.", "icon": "newspaper"],
                    ],
                    ["type": "button", "text": "Site", "style": "primary", "action": ["kind": "open_link", "url": "https://cafe.example"]],
                ],
            ]
        ])
        let member = interpreter.screen("news", context: ScreenContext(locale: "en", tags: ["vip", "member"], now: march1))
        let buttons = member?["screen"]?["components"]?.arrayValue?.filter { $0["type"] == "button" }
        XCTAssertEqual(buttons?.first, ["type": "button", "text": "VIP", "style": "secondary", "action": ["kind": "open_screen", "screen": "vip"]])
    }
}
