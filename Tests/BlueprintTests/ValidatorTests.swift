import Blueprint
import XCTest

/// Rules shared by every object: types, localized text, ranges, unknown keys.
final class ValidatorTests: XCTestCase {
    func test_localizedText_acceptsPlainStringsAndCompleteTranslations() throws {
        let blueprint = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "news", "title": {"en": "News", "ru": "Новости"}, "intro": "☕"}"#, app: Fixture.appEnRu))
        XCTAssertEqual(blueprint.sections[0].title, .translations(["en": "News", "ru": "Новости"]))
        XCTAssertEqual(blueprint.sections[0].intro, .plain("☕"))
    }

    func test_localizedText_missingDeclaredLocaleIsAnErrorListingIt() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": ^{"en": "News"}, "intro": ^{"ru": "Привет"}}"#, app: Fixture.appEnRu), [
            "@1: error at /sections/0/title: missing translation for \"ru\"; expected a translation for each declared locale (en, ru)",
            "@2: error at /sections/0/intro: missing translation for \"en\" (the default locale); expected a translation for each declared locale (en, ru)",
        ])
    }

    func test_localizedText_rejectsUndeclaredLocalesWithSuggestion() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": {"en": "News", "ru": "Новости", ^"rus": "x", ^"EN": "y"}}"#, app: Fixture.appEnRu), [
            "@1: error at /sections/0/title/rus: translation for undeclared locale \"rus\"; expected one of the declared locales en, ru (did you mean \"ru\"?)",
            "@2: error at /sections/0/title/EN: invalid locale \"EN\"; expected a lowercase language code like \"en\", \"ru\" or \"pt-br\"",
        ])
    }

    func test_localizedText_rejectsWrongTypesAndEmptyText() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": ^42, "intro": {"en": ^"  "}}"#), [
            "@1: error at /sections/0/title: found integer 42; expected text: a string, or translations like {\"en\": \"…\"}",
            "@2: error at /sections/0/intro/en: text must not be empty",
        ])
    }

    func test_appName_isCheckedAgainstDeclaredLocales() {
        Fixture.expect(Fixture.blueprint(app: ##"{"name": ^{"en": "Cafe"}, "default_locale": "en", "locales": ["en", "de"], "theme": {"accent": "#112233"}}"##), [
            "@1: error at /app/name: missing translation for \"de\"; expected a translation for each declared locale (en, de)"
        ])
    }

    func test_integers_reportTypeAndRange() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"page_size": ^0}}"#), [
            "@1: error at /sections/0/settings/page_size: 0 is out of range; expected an integer from 1 to 100"
        ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"page_size": ^10.0}}"#), [
            "@1: error at /sections/0/settings/page_size: found number 10.0; expected an integer from 1 to 100"
        ])
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"page_size": ^"10"}}"#), [
            "@1: error at /sections/0/settings/page_size: found string \"10\"; expected an integer from 1 to 100"
        ])
    }

    func test_booleans_rejectOtherTypes() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "settings": {"show_views": ^"yes"}}"#), [
            "@1: error at /sections/0/settings/show_views: found string \"yes\"; expected true or false"
        ])
    }

    func test_unknownKey_suggestsTransposedLettersAndMisplacedSettings() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", ^"page_size": 5, "settings": {^"pagesize": 5, ^"colour": 1}}"#), [
            "@1: error at /sections/0/page_size: unknown key \"page_size\"; expected one of id, type, title, icon, visible_if, intro, actions, settings (did you mean \"settings.page_size\"?)",
            "@2: error at /sections/0/settings/pagesize: unknown key \"pagesize\"; expected one of page_size, categories, show_views, layout (did you mean \"page_size\"?)",
            "@3: error at /sections/0/settings/colour: unknown key \"colour\"; expected one of page_size, categories, show_views, layout",
        ])
    }

    func test_theme_acceptsHexColoursOnly() throws {
        let ok = try Fixture.loaded(Fixture.blueprint(app: ##"{"name": "C", "default_locale": "en", "theme": {"accent": "#A1B2C3", "accent_dark": "#000000"}}"##))
        XCTAssertEqual(ok.app.theme.accent.hex, "#a1b2c3")
        XCTAssertEqual(ok.app.theme.accentDark?.hex, "#000000")
        Fixture.expect(Fixture.blueprint(app: ##"{"name": "C", "default_locale": "en", "theme": {"accent": ^"#fff", "accent_dark": ^"#gggggg"}}"##), [
            "@1: error at /app/theme/accent: invalid colour \"#fff\"; expected a colour like #rrggbb",
            "@2: error at /app/theme/accent_dark: invalid colour \"#gggggg\"; expected a colour like #rrggbb",
        ])
    }
}
