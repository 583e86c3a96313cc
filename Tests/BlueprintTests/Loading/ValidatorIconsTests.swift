import Blueprint
import XCTest

/// Icon names in blueprints: only names of the icon set pass, with a did-you-mean and the place.
final class ValidatorIconsTests: XCTestCase {
    func test_icon_notInTheSetIsRejectedWithTheWordItHolds() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "icon": ^"lotus-flower"}"#), [
            "@1: error at /sections/0/icon: unknown icon \"lotus-flower\"; expected an icon of the set listed in docs/blueprints.md (\"Icons\") (did you mean \"flower\"?)"
        ])
    }

    func test_icon_misspeltIsRejectedWithTheClosestName() {
        Fixture.expect(
            Fixture.blueprint(navigation: #"{"items": [{"section": "news", "icon": ^"newspapr"}]}"#), [
                "@1: error at /navigation/items/0/icon: unknown icon \"newspapr\"; expected an icon of the set listed in docs/blueprints.md (\"Icons\") (did you mean \"newspaper\"?)"
            ])
    }

    func test_icon_unrelatedNameIsRejectedWithoutAGuess() {
        Fixture.expect(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "icon": ^"zzzzzz"}"#), [
            "@1: error at /sections/0/icon: unknown icon \"zzzzzz\"; expected an icon of the set listed in docs/blueprints.md (\"Icons\")"
        ])
    }

    func test_icon_namesAndAliasesOfTheSetPass() throws {
        for name in ["cup", "newspaper", "news", "flower", "map-pin"] {
            let blueprint = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "icon": "\#(name)"}"#))
            XCTAssertEqual(blueprint.sections[0].icon, name)
        }
    }
}
