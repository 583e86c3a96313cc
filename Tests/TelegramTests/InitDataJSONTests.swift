import XCTest

@testable import Telegram

final class InitDataJSONTests: XCTestCase {
    private func parse(_ text: String) throws -> InitDataJSON { try InitDataJSON.parse(Array(text.utf8)) }

    func test_parse_objectWithAllValueKinds() throws {
        XCTAssertEqual(
            try parse(#" {"a":[1,-2.5e3,true,false,null],"b":{},"c":"x"} "#),
            .object([
                "a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]), "b": .object([:]),
                "c": .string("x"),
            ]))
    }

    func test_parse_escapesIncludingSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""a\"\\\/\b\f\n\r\t\u00e9\ud83c\uddfa""#), .string("a\"\\/\u{8}\u{c}\n\r\té🇺"))
    }

    func test_parse_bigIntegerKeepsItsText() throws {
        XCTAssertEqual(try parse("9007199254740993"), .number("9007199254740993"))
    }

    func test_parse_rejectsInvalidDocuments() {
        let cases: [(String, String)] = [
            ("", "unexpected end of input"),
            ("{", "expected a key"),
            (#"{"a":1,}"#, "expected a key"),
            ("[1,]", "unexpected character"),
            ("01", "trailing characters"),
            ("1.", "invalid number"),
            ("-", "invalid number"),
            ("tru", "invalid literal"),
            (#""\ud83c""#, "unpaired surrogate"),
            (#""\udc00""#, "unpaired surrogate"),
            (#""\x""#, "invalid escape"),
            ("\"a\u{1}\"", "control character in string"),
            (#""abc"#, "unterminated string"),
            (#"{"a":1,"a":2}"#, "duplicate key"),
            ("{} {}", "trailing characters"),
        ]
        for (text, reason) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertEqual((error as? InitDataJSON.SyntaxError)?.reason, reason, text)
            }
        }
    }

    func test_parse_deepNesting_isRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try parse(deep)) {
            XCTAssertEqual(($0 as? InitDataJSON.SyntaxError)?.reason, "nesting too deep")
        }
        XCTAssertNoThrow(try parse(String(repeating: "[", count: 15) + String(repeating: "]", count: 15)))
    }
}
