import TesseraJSON
import XCTest

final class JSONWriterTests: XCTestCase {
    func test_serialized_isCompactAndKeepsOrder() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "c": ["d": -2.5]]
        XCTAssertEqual(value.description, #"{"b":1,"a":[true,null,"x"],"c":{"d":-2.5}}"#)
    }

    func test_strings_escapeOnlyWhatRFCRequires() {
        let value: JSONValue = .string("q\" b\\ s/ \n\r\t\u{8}\u{c}\u{1}\u{1f} é 😀")
        XCTAssertEqual(value.description, #""q\" b\\ s/ \n\r\t\b\f\u0001\u001f é 😀""#)
    }

    func test_integers_coverTheWholeRange() {
        XCTAssertEqual(JSONValue.int(0).description, "0")
        XCTAssertEqual(JSONValue.int(-7).description, "-7")
        XCTAssertEqual(JSONValue.int(Int64.max).description, "9223372036854775807")
        XCTAssertEqual(JSONValue.int(Int64.min).description, "-9223372036854775808")
    }

    func test_doubles_useShortestRoundTripForm() {
        XCTAssertEqual(JSONValue.double(0.1).description, "0.1")
        XCTAssertEqual(JSONValue.double(100).description, "100.0")
        XCTAssertEqual(JSONValue.double(1e-7).description, "1e-07")
        XCTAssertEqual(JSONValue.double(.infinity).description, "null")
        XCTAssertEqual(JSONValue.double(.nan).description, "null")
    }

    func test_roundTrip_parseOfSerializedIsIdentity() throws {
        let samples: [JSONValue] = [
            ["name": "Кофе ☕", "n": 3, "x": 0.30000000000000004, "big": 1e300, "tiny": 5e-324, "neg": -0.0],
            [[], .object(JSONObject()), "\u{0}\u{7f}\u{2028}", ["nested": [1, [2, [3]]]]],
            .int(Int64.min),
        ]
        for sample in samples {
            XCTAssertEqual(try JSONParser.parse(sample.serialized()), sample)
            XCTAssertEqual(try JSONParser.parse(Array(sample.prettyPrinted().utf8)), sample)
        }
    }

    func test_prettyPrinted_indentsByTwoSpaces() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": [], "d": ["e": nil]]
        XCTAssertEqual(value.prettyPrinted(), """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": [],
              "d": {
                "e": null
              }
            }
            """)
    }
}
