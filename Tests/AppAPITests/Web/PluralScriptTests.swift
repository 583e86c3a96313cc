import Foundation
import TesseraJSON
import XCTest

/// The mini app's plural.js, run in headless Chromium, against the fixture the Swift PluralRules
/// are tested with (Tests/Fixtures/plural-cases.json): one set of answers for both.
final class PluralScriptTests: XCTestCase {
    func test_pluralScript_matchesTheSharedFixture() throws {
        let script = try String(
            contentsOf: Harness.repoRoot.appendingPathComponent("Sources/AppAPI/Web/plural.js"), encoding: .utf8)
        let fixture = try String(
            contentsOf: Harness.repoRoot.appendingPathComponent("Tests/Fixtures/plural-cases.json"), encoding: .utf8)
        let page = try HeadlessPage()
        try page.evaluate(script)
        let mismatches = try page.evaluate(
            """
            (function (f) {
              var P = window.Tessera.plural, out = [];
              f.categories.forEach(function (c) {
                var got = P.category(c.n, c.locale);
                if (got !== c.category) out.push(c.locale + " " + c.n + ": " + got + " ≠ " + c.category);
              });
              f.templates.forEach(function (c) {
                var got = P.format(c.template, c.n, c.locale);
                if (got !== c.text) out.push(c.template + " " + c.n + ": " + got + " ≠ " + c.text);
              });
              f.picks.forEach(function (c) {
                var got = P.pick(c.forms, c.n, c.locale);
                if (got !== c.text) out.push(c.forms + " " + c.n + ": " + got + " ≠ " + c.text);
              });
              return JSON.stringify({ checked: f.categories.length + f.templates.length + f.picks.length, mismatches: out });
            })(\(fixture))
            """)
        let result = try JSONParser.parse(Array((mismatches.stringValue ?? "").utf8))
        XCTAssertGreaterThan(result["checked"]?.intValue ?? 0, 60)
        XCTAssertEqual(result["mismatches"]?.arrayValue?.compactMap(\.stringValue), [])
    }
}
