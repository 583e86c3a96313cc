import Blueprint
import Foundation
import XCTest

/// Common section keys: visible_if, actions, icon, settings presence.
final class SectionLoadingTests: XCTestCase {
    func test_visibleIf_loadsEveryCondition() throws {
        let blueprint = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "visible_if": {"tags_any": ["vip", "staff"], "tags_all": ["beta"], "tags_none": ["banned"], "from": "2025-03-01", "until": "2025-03-01T12:00:00+03:00", "locales": ["ru"]}}"#, app: Fixture.appEnRu))
        let visibility = blueprint.sections[0].visibility
        XCTAssertEqual(visibility.tagsAny, ["vip", "staff"])
        XCTAssertEqual(visibility.tagsAll, ["beta"])
        XCTAssertEqual(visibility.tagsNone, ["banned"])
        XCTAssertEqual(visibility.from, Date(timeIntervalSince1970: 1_740_787_200))
        XCTAssertEqual(visibility.until, Date(timeIntervalSince1970: 1_740_787_200 + 9 * 3600))
        XCTAssertEqual(visibility.locales, ["ru"])
    }

    func test_visibleIf_rejectsBadDatesTagsAndLocales() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "visible_if": {"tags_any": [^"VIP"], "from": "2025-03-02", "until": ^"2025-03-01", "locales": [^"de"]}}"#), [
            "@1: error at /sections/0/visible_if/tags_any/0: invalid tag \"VIP\"; expected lowercase letters, digits, '_', ':' and '-', at most 64 characters",
            "@2: error at /sections/0/visible_if/until: \"until\" is not after \"from\"; expected an instant later than 2025-03-02T00:00:00Z",
            "@3: error at /sections/0/visible_if/locales/0: locale \"de\" is not declared in app.locales; expected one of en",
        ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "visible_if": {"from": ^"2025-02-30", "until": ^"2025-03-01T10:00"}}"#), [
            "@1: error at /sections/0/visible_if/from: invalid date \"2025-02-30\"; expected an ISO 8601 date or date-time with offset, like 2025-03-01 or 2025-03-01T09:30:00+03:00",
            "@2: error at /sections/0/visible_if/until: invalid date \"2025-03-01T10:00\"; expected an ISO 8601 date or date-time with offset, like 2025-03-01 or 2025-03-01T09:30:00+03:00",
        ])
    }

    func test_visibleIf_rejectsContradictoryTags() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "visible_if": {"tags_all": ["a"], "tags_none": ^["a"]}}"#), [
            "@1: error at /sections/0/visible_if/tags_none: tag \"a\" is both required and excluded, so nobody can see the section"
        ])
    }

    func test_actions_loadBothKinds() throws {
        let text = Fixture.blueprint(sections: #"[{"id": "news", "type": "news", "title": "N", "actions": [{"text": "Shop", "style": "primary", "kind": "open_section", "section": "shop"}, {"text": "Site", "kind": "open_link", "url": "https://example.com"}]}, {"id": "shop", "type": "shop", "title": "S"}]"#)
        let actions = try Fixture.loaded(text).sections[0].actions
        XCTAssertEqual(actions, [
            SectionButton(text: "Shop", style: .primary, target: .openSection("shop")),
            SectionButton(text: "Site", style: .secondary, target: .openLink("https://example.com")),
        ])
    }

    func test_actions_rejectMissingWrongAndUnknownTargets() {
        Fixture.expect(Fixture.withSection(#"""
            {"id": "s", "type": "news", "title": "N", "actions": [
                  ^{"text": "A", "kind": "open_section"},
                  {"text": "B", "kind": "open_section", "section": ^"sho", ^"url": "https://x.y"},
                  {"text": "C", "kind": "open_link", "url": ^"http://insecure.example"},
                  {"text": "D", "kind": ^"open_screen"},
                  {"text": "E", "kind": "open_section", "section": ^"s"}
                ]}
            """#), [
                "@1: error at /sections/0/actions/0: missing required key \"section\" for an open_section button",
                "@2: error at /sections/0/actions/1/section: unknown section \"sho\"; expected the id of a section (s)",
                "@3: error at /sections/0/actions/1/url: \"url\" does not apply to an open_section button; expected only section",
                "@4: error at /sections/0/actions/2/url: invalid URL \"http://insecure.example\"; expected an https:// or tg:// URL",
                "@5: error at /sections/0/actions/3/kind: unknown button kind \"open_screen\"; expected one of open_section, open_link",
                "@6: error at /sections/0/actions/4/section: section \"s\" refers to itself; expected the id of another section",
            ])
    }

    func test_settings_requiredForTypesWithRequiredSettings() {
        Fixture.expect(Fixture.withSection(#"^{"id": "s", "type": "ratings", "title": "R"}"#), [
            "@1: error at /sections/0: missing required key \"settings\"; expected a ratings settings object with boards"
        ])
    }

    func test_icon_mustBeAName() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "icon": ^"📰"}"#), [
            "@1: error at /sections/0/icon: invalid icon \"📰\"; expected lowercase letters, digits, '_' and '-', at most 40 characters"
        ])
    }
}
