import TesseraJSON
import XCTest

final class JSONParserTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private func syntaxError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONSyntaxError? {
        do {
            let value = try JSONParser.parse(Array(text.utf8))
            XCTFail("expected a syntax error, parsed \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func test_parse_scalarsAndContainers() throws {
        XCTAssertEqual(try parse("null"), .null)
        XCTAssertEqual(try parse(" true "), .bool(true))
        XCTAssertEqual(try parse("false"), .bool(false))
        XCTAssertEqual(try parse("\"hi\""), .string("hi"))
        XCTAssertEqual(try parse("[1, [], {}]"), [1, [], .object(JSONObject())])
        XCTAssertEqual(try parse(#"{"a": {"b": [null]}}"#), ["a": ["b": [nil]]])
    }

    func test_parse_keepsKeyOrder() throws {
        let value = try parse(#"{"z": 1, "a": 2, "m": 3}"#)
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m"])
    }

    func test_numbers_integralLiteralsBecomeIntAndOthersDouble() throws {
        XCTAssertEqual(try parse("0"), .int(0))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("42"), .int(42))
        XCTAssertEqual(try parse("9223372036854775807"), .int(Int64.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(Int64.min))
        XCTAssertEqual(try parse("9223372036854775808"), .double(9_223_372_036_854_775_808))
        XCTAssertEqual(try parse("-9223372036854775809"), .double(-9_223_372_036_854_775_809))
        XCTAssertEqual(try parse("1.0"), .double(1))
        XCTAssertEqual(try parse("1e2"), .double(100))
        XCTAssertEqual(try parse("-1.5E-3"), .double(-0.0015))
        XCTAssertEqual(try parse("0.1"), .double(0.1))
    }

    func test_numbers_rejectNonRFCForms() {
        XCTAssertEqual(syntaxError("01")?.message, "leading zeros are not allowed in numbers")
        XCTAssertEqual(syntaxError("1.")?.message, "expected a digit after '.'")
        XCTAssertEqual(syntaxError(".5")?.message, "unexpected '.'; expected a value")
        XCTAssertEqual(syntaxError("+1")?.message, "unexpected '+'; expected a value")
        XCTAssertEqual(syntaxError("-")?.message, "expected a digit after '-'")
        XCTAssertEqual(syntaxError("1e")?.message, "expected a digit in the exponent")
        XCTAssertEqual(syntaxError("NaN")?.message, "unexpected 'N'; expected a value")
        XCTAssertEqual(syntaxError("0x10")?.message, "invalid number")
        XCTAssertEqual(syntaxError("1e400")?.message, "number 1e400 is out of range")
    }

    func test_strings_decodeEveryEscape() throws {
        XCTAssertEqual(try parse(#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9""#), .string("\" \\ / \u{8} \u{c} \n \r \t A é"))
    }

    func test_strings_decodeSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(try parse(#""a\uD834\uDD1Eb""#), .string("a𝄞b"))
    }

    func test_strings_rejectLoneSurrogates() {
        XCTAssertEqual(syntaxError(#""\ud83d""#)?.message, #"high surrogate \uD83D is not followed by a low surrogate"#)
        XCTAssertEqual(syntaxError(#""\ud83d\u0041""#)?.message, #"high surrogate \uD83D is not followed by a low surrogate"#)
        XCTAssertEqual(syntaxError(#""\ude00""#)?.message, #"lone low surrogate \uDE00"#)
    }

    func test_strings_rejectInvalidEscapesAndControlCharacters() {
        XCTAssertEqual(syntaxError(#""\x41""#)?.message, #"invalid escape \x in string"#)
        XCTAssertEqual(syntaxError(#""\u12G4""#)?.message, #"invalid \u escape: expected 4 hexadecimal digits"#)
        XCTAssertEqual(syntaxError("\"a\tb\"")?.message, "unescaped control character byte 0x9 in string")
        XCTAssertEqual(syntaxError("\"a\nb\"")?.message, "unescaped line break in string (use \\n)")
        XCTAssertEqual(syntaxError("\"abc")?.message, "unterminated string")
        XCTAssertEqual(syntaxError("'abc'")?.message, "strings must use double quotes")
    }

    func test_strings_keepUnicodeText() throws {
        XCTAssertEqual(try parse(#"{"имя": "Кофе ☕️ 🇷🇺"}"#), ["имя": "Кофе ☕️ 🇷🇺"])
    }

    func test_strings_rejectInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            XCTAssertThrowsError(try JSONParser.parse(bytes), "\(bytes)")
        }
    }

    func test_structure_rejectsTrailingCommasAndComments() {
        let arrayComma = syntaxError("[1,\n  2,\n]")
        XCTAssertEqual(arrayComma?.message, "trailing comma before ']'")
        XCTAssertEqual(arrayComma?.line, 2)
        XCTAssertEqual(arrayComma?.column, 4)
        XCTAssertEqual(syntaxError(#"{"a": 1,}"#)?.message, "trailing comma before '}'")
        XCTAssertEqual(syntaxError("[1] // note")?.message, "comments are not allowed in JSON")
        XCTAssertEqual(syntaxError("/* x */ 1")?.message, "comments are not allowed in JSON")
    }

    func test_structure_reportsMissingPunctuation() {
        XCTAssertEqual(syntaxError(#"{"a" 1}"#)?.message, "unexpected '1'; expected ':' after the key")
        XCTAssertEqual(syntaxError(#"{"a": 1 "b": 2}"#)?.message, "unexpected '\"'; expected ',' or '}'")
        XCTAssertEqual(syntaxError(#"{a: 1}"#)?.message, "unexpected 'a'; expected a string key")
        XCTAssertEqual(syntaxError("[1 2]")?.message, "unexpected '2'; expected ',' or ']'")
        XCTAssertEqual(syntaxError("[1")?.message, "unexpected end of input; expected ',' or ']'")
        XCTAssertEqual(syntaxError("")?.message, "unexpected end of input; expected a value")
        XCTAssertEqual(syntaxError("1 2")?.message, "unexpected '2'; expected end of input after the top-level value")
        XCTAssertEqual(syntaxError("tru")?.message, "invalid literal; expected 'true'")
        XCTAssertEqual(syntaxError("nullx")?.message, "invalid literal; expected 'null'")
    }

    func test_errors_carryLineAndColumnCountingScalars() {
        let error = syntaxError("{\n  \"ключ\": \"значение\",\n  \"b\": tru\n}")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 8)
        XCTAssertEqual(error?.description, "3:8: invalid literal; expected 'true'")
        let afterEmoji = syntaxError("[\"😀😀\", x]")
        XCTAssertEqual(afterEmoji?.line, 1)
        XCTAssertEqual(afterEmoji?.column, 8)
    }

    func test_duplicateKeys_areRejectedAtTheDuplicate() {
        let error = syntaxError("{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}")
        XCTAssertEqual(error?.message, "duplicate key \"a\"")
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.column, 3)
    }

    func test_depthLimit_isEnforced() throws {
        let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        XCTAssertNoThrow(try JSONParser.parse(Array(deep.utf8), maxDepth: 20))
        XCTAssertThrowsError(try JSONParser.parse(Array(deep.utf8), maxDepth: 19)) { error in
            XCTAssertEqual((error as? JSONSyntaxError)?.message, "nesting deeper than 19 levels")
        }
        let hostile = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(Array(hostile.utf8)))
    }

    func test_byteOrderMark_isSkipped() throws {
        XCTAssertEqual(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), [1])
    }
}
