import Blueprint
import XCTest

/// `points_name` may list plural forms; a list that does not fit a locale is reported where it is.
final class ValidatorPluralsTests: XCTestCase {
    func gamefi(_ pointsName: String) -> String {
        Fixture.withSection(#"{"id": "s", "type": "gamefi", "title": "G", "settings": {"points_name": \#(pointsName)}}"#, app: Fixture.appEnRu)
    }

    func test_pointsName_withFormsPerLocaleLoads() throws {
        let blueprint = try Fixture.loaded(gamefi(#"{"en": "bean|beans", "ru": "зерно|зерна|зёрен"}"#))
        guard case .gamefi(let settings) = blueprint.sections[0].kind else { return XCTFail("not gamefi") }
        XCTAssertEqual(settings.pointsName.resolved(for: "ru", defaultLocale: "en"), "зерно|зерна|зёрен")
    }

    func test_pointsName_withTheWrongNumberOfFormsIsRejected() {
        Fixture.expect(gamefi(#"{"en": "bean|beans", "ru": ^"зерно|зёрен"}"#), [
            "@1: error at /sections/0/settings/points_name/ru: 2 plural forms for \"ru\", which has 3 (one|few|many); expected one text, or the forms one|few|many"
        ])
    }

    func test_pointsName_plainFormsMustFitEveryLocale() {
        Fixture.expect(gamefi(#"^"bean|beans""#), [
            "@1: error at /sections/0/settings/points_name: 2 plural forms for \"ru\", which has 3 (one|few|many); expected one text, or forms one|few|many per locale"
        ])
    }
}
