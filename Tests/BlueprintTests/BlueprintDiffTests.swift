import Blueprint
import XCTest

final class BlueprintDiffTests: XCTestCase {
    private let base = Fixture.blueprint(
        navigation: #"{"items": [{"section": "news"}, {"section": "shop"}]}"#,
        sections: #"[{"id": "news", "type": "news", "title": "News", "settings": {"page_size": 10, "categories": [{"id": "tips", "title": "Tips"}]}}, {"id": "shop", "type": "shop", "title": "Shop"}]"#)

    func test_diff_ofEqualBlueprintsIsEmpty() throws {
        let blueprint = try Fixture.loaded(base)
        XCTAssertEqual(Blueprint.diff(from: blueprint, to: blueprint), [])
    }

    func test_diff_reportsChangesAdditionsAndRemovals() throws {
        let old = try Fixture.loaded(base)
        let new = try Fixture.loaded(Fixture.blueprint(
            navigation: #"{"items": [{"section": "news"}, {"section": "shop"}, {"section": "quests", "icon": "star"}]}"#,
            sections: #"""
                [{"id": "news", "type": "news", "title": "Updates", "settings": {"page_size": 20, "categories": [{"id": "faq", "title": "FAQ"}]}},
                 {"id": "shop", "type": "shop", "title": "Shop", "icon": "bag"},
                 {"id": "quests", "type": "gamefi", "title": "Quests", "settings": {"points_name": "beans"}}]
                """#))
        XCTAssertEqual(Blueprint.diff(from: old, to: new), [
            "+ /navigation/items/2: {\"section\":\"quests\",\"icon\":\"star\"}",
            "~ /sections/0/title: \"News\" → \"Updates\"",
            "~ /sections/0/settings/page_size: 10 → 20",
            "- /sections/0/settings/categories/0 (\"tips\")",
            "+ /sections/0/settings/categories/0 (\"faq\")",
            "+ /sections/1/icon: \"bag\"",
            "+ /sections/2 (gamefi \"quests\")",
        ])
    }

    func test_diff_matchesSectionsByIDAndReportsReorderingOnce() throws {
        let old = try Fixture.loaded(base)
        let new = try Fixture.loaded(Fixture.blueprint(
            navigation: #"{"items": [{"section": "news"}]}"#,
            sections: #"[{"id": "news", "type": "news", "title": "News", "settings": {"page_size": 10, "categories": [{"id": "tips", "title": "Tips"}]}}]"#))
        XCTAssertEqual(Blueprint.diff(from: old, to: new), [
            "- /navigation/items/1: {\"section\":\"shop\"}",
            "- /sections/1 (shop \"shop\")",
        ])
        let swapped = try Fixture.loaded(Fixture.blueprint(
            navigation: #"{"items": [{"section": "news"}, {"section": "shop"}]}"#,
            sections: #"[{"id": "shop", "type": "shop", "title": "Shop"}, {"id": "news", "type": "news", "title": "News", "settings": {"page_size": 10, "categories": [{"id": "tips", "title": "Tips"}]}}]"#))
        XCTAssertEqual(Blueprint.diff(from: old, to: swapped), ["~ /sections order: news, shop → shop, news"])
    }
}
