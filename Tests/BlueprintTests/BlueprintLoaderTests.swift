import Blueprint
import XCTest

final class BlueprintLoaderTests: XCTestCase {
    func test_minimalBlueprint_loadsWithDefaults() throws {
        let blueprint = try Fixture.loaded(Fixture.blueprint())
        XCTAssertEqual(blueprint.app.name, .plain("Cafe"))
        XCTAssertEqual(blueprint.app.locales, ["en"])
        XCTAssertEqual(blueprint.app.theme.accent.hex, "#112233")
        XCTAssertEqual(blueprint.navigation.style, .tabs)
        XCTAssertEqual(blueprint.sections.map(\.id), ["news"])
        XCTAssertEqual(blueprint.sections[0].kind, .news(NewsSettings()))
    }

    func test_contractExample_unknownSectionTypeHasPositionExpectedAndSuggestion() {
        let text = """
            {
              "version": 1,
              "app": {"name": "Cafe", "default_locale": "en", "theme": {"accent": "#112233"}},
              "navigation": {"items": [{"section": "shop"}]},
              "sections": [
                {"id": "shop", "type": "shopp", "title": "Shop"}
              ]
            }
            """
        XCTAssertEqual(Fixture.diagnostics(text), [
            #"test.json:6:28: error at /sections/0/type: unknown section type "shopp"; expected one of news, events, shop, ratings, gamefi (did you mean "shop"?)"#
        ])
    }

    func test_syntaxError_isReportedAloneWithPosition() {
        let text = "{\n  \"version\": 1,\n  \"app\": {,}\n}"
        XCTAssertEqual(Fixture.diagnostics(text), [#"test.json:3:11: error: invalid JSON: unexpected ','; expected a string key"#])
    }

    func test_duplicateKey_isReportedAsSyntaxError() {
        let text = "{\"version\": 1,\n \"version\": 1}"
        XCTAssertEqual(Fixture.diagnostics(text), [#"test.json:2:2: error: invalid JSON: duplicate key "version""#])
    }

    func test_everyError_isReportedAtOnceInSourceOrder() {
        Fixture.expect("""
            {
              "version": ^2,
              "app": {"name": ^"", "default_locale": "en", "theme": {"accent": ^"red"}},
              "navigation": {"style": ^"tab", "items": [{"section": ^"newz"}]},
              "sections": [
                {"id": "news", "type": "news", "title": "News", ^"titel": "x"}
              ],
              ^"extra": true
            }
            """, [
                "@1: error at /version: unsupported blueprint format version 2; expected 1",
                "@2: error at /app/name: text must not be empty",
                "@3: error at /app/theme/accent: invalid colour \"red\"; expected a colour like #rrggbb",
                "@4: error at /navigation/style: unknown navigation style \"tab\"; expected one of tabs, menu (did you mean \"tabs\"?)",
                "@5: error at /navigation/items/0/section: unknown section \"newz\"; expected the id of a section (news) (did you mean \"news\"?)",
                "@6: error at /sections/0/titel: unknown key \"titel\"; expected one of id, type, title, icon, visible_if, intro, actions, settings (did you mean \"title\"?)",
                "@7: error at /extra: unknown key \"extra\"; expected one of $schema, version, app, navigation, sections, contact_fields, bot",
            ])
    }

    func test_missingRequiredKeys_areReportedAtTheObject() {
        Fixture.expect("""
            ^{
              "app": ^{"name": "Cafe", "theme": {"accent": "#112233"}},
              "sections": [{"id": "news", "type": "news", "title": "News"}]
            }
            """, [
                "@1: error: missing required key \"version\"",
                "@1: error: missing required key \"navigation\"",
                "@2: error at /app: missing required key \"default_locale\"",
            ])
    }

    func test_rootMustBeAnObject() {
        XCTAssertEqual(Fixture.diagnostics("[1]"), ["test.json:1:1: error: found array; expected an object"])
    }

    func test_locales_mustIncludeDefaultAndBeValidAndUnique() {
        Fixture.expect(Fixture.blueprint(app: ##"{"name": "Cafe", "default_locale": "en", "locales": ^["ru", ^"EN", ^"ru"], "theme": {"accent": "#112233"}}"##), [
            "@1: error at /app/locales: locales must include the default locale \"en\"",
            "@2: error at /app/locales/1: invalid locale \"EN\"; expected a lowercase language code like \"en\", \"ru\" or \"pt-br\"",
            "@3: error at /app/locales/2: duplicate locale \"ru\"; expected each value once (already at /app/locales/0)",
        ].map { $0 })
    }

    func test_navigation_rejectsTooManyTabsDuplicatesAndEmptyItems() {
        let sections = "[" + (1...6).map { #"{"id": "s\#($0)", "type": "news", "title": "S\#($0)"}"# }.joined(separator: ",\n") + "]"
        let items = (1...6).map { #"{"section": "s\#($0)"}"# }.joined(separator: ", ")
        Fixture.expect(Fixture.blueprint(navigation: #"{"items": ^[\#(items)]}"#, sections: sections), [
            "@1: error at /navigation/items: 6 tabs do not fit the tab bar; expected at most 5 items, or \"style\": \"menu\""
        ])
        XCTAssertNoThrow(try Fixture.loaded(Fixture.blueprint(navigation: #"{"style": "menu", "items": [\#(items)]}"#, sections: sections)))
        Fixture.expect(Fixture.blueprint(navigation: #"{"items": [{"section": "news"}, ^{"section": "news"}]}"#), [
            "@1: error at /navigation/items/1: duplicate navigation item for section \"news\"; expected each value once (already at /navigation/items/0)"
        ])
        Fixture.expect(Fixture.blueprint(navigation: #"{"items": ^[]}"#), [
            "@1: error at /navigation/items: navigation item must not be empty; expected at least one element"
        ])
    }

    func test_sectionIDs_mustBeUniqueAndWellFormed() {
        Fixture.expect(Fixture.blueprint(sections: """
            [
                {"id": "news", "type": "news", "title": "A"},
                {"id": ^"news", "type": "news", "title": "B"},
                {"id": ^"My Section", "type": "news", "title": "C"}
              ]
            """), [
                "@1: error at /sections/1/id: duplicate section id \"news\"; expected a unique id (already used at /sections/0)",
                "@2: error at /sections/2/id: invalid section id \"My Section\"; expected lowercase letters, digits and '-', starting with a letter, at most 40 characters",
            ])
    }

    func test_sections_mustNotBeEmpty() {
        Fixture.expect(Fixture.blueprint(navigation: #"{"items": [{"section": ^"news"}]}"#, sections: "^[]"), [
            "@1: error at /navigation/items/0/section: unknown section \"news\"; expected the id of a section",
            "@2: error at /sections: sections must not be empty; expected at least one element",
        ])
    }

    func test_fileLoader_readsFromDiskAndNamesTheFile() {
        let missing = BlueprintLoader.load(contentsOfFile: "/nonexistent/cafe.json")
        guard case .failure(let diagnostics) = missing else { return XCTFail("expected failure") }
        XCTAssertEqual(diagnostics.description, "/nonexistent/cafe.json:1:1: error: cannot read the file")
    }
}
