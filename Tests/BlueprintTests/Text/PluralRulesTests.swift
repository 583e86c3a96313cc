import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// The Swift side of the shared plural fixture (the mini app's plural.js is checked against the
/// same file in AppAPITests).
final class PluralRulesTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/plural-cases.json")

    func cases(_ key: String) throws -> [JSONValue] {
        let document = try JSONParser.parse(Array(try Data(contentsOf: Self.fixture)))
        return try XCTUnwrap(document[key]?.arrayValue, "fixture has no \(key)")
    }

    func test_category_matchesTheSharedFixture() throws {
        let cases = try cases("categories")
        XCTAssertGreaterThan(cases.count, 40)
        for c in cases {
            let locale = try XCTUnwrap(c["locale"]?.stringValue), n = try XCTUnwrap(c["n"]?.intValue)
            XCTAssertEqual(PluralRules.category(n, locale: locale).rawValue, c["category"]?.stringValue, "\(locale) \(n)")
        }
    }

    func test_format_matchesTheSharedFixture() throws {
        for c in try cases("templates") {
            let locale = try XCTUnwrap(c["locale"]?.stringValue), n = try XCTUnwrap(c["n"]?.intValue)
            let template = try XCTUnwrap(c["template"]?.stringValue)
            let text = PluralText.format(template, n: n, locale: locale).replacingOccurrences(of: "{n}", with: String(n))
            XCTAssertEqual(text, c["text"]?.stringValue, "\(locale) \(n) \(template)")
        }
    }

    func test_pick_matchesTheSharedFixture() throws {
        for c in try cases("picks") {
            let locale = try XCTUnwrap(c["locale"]?.stringValue), n = try XCTUnwrap(c["n"]?.intValue)
            let forms = try XCTUnwrap(c["forms"]?.stringValue)
            XCTAssertEqual(PluralText.pick(forms, n: n, locale: locale), c["text"]?.stringValue, "\(locale) \(n) \(forms)")
        }
    }

    func test_categories_listTheFormsEachLocaleWrites() {
        XCTAssertEqual(PluralRules.categories(locale: "en"), [.one, .other])
        XCTAssertEqual(PluralRules.categories(locale: "ru"), [.one, .few, .many])
        XCTAssertEqual(PluralRules.categories(locale: "ja"), [.other])
    }

    func test_problem_namesAFormCountThatDoesNotFitTheLocale() {
        XCTAssertNil(PluralText.problem(inForms: "очко|очка|очков", locale: "ru"))
        XCTAssertNil(PluralText.problem(inForms: "beans", locale: "ru"))
        XCTAssertEqual(
            PluralText.problem(inForms: "bean|beans", locale: "ru"), "2 plural forms for \"ru\", which has 3 (one|few|many)")
        XCTAssertEqual(PluralText.problem(inForms: "bean|", locale: "en"), "a plural form is empty")
    }
}
