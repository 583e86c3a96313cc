import TesseraJSON
import XCTest

final class JSONPointerTests: XCTestCase {
    func test_description_escapesTildeAndSlash() {
        let pointer = JSONPointer.root.appending("sections").appending(2).appending("a/b~c")
        XCTAssertEqual(pointer.description, "/sections/2/a~1b~0c")
        XCTAssertEqual(JSONPointer.root.description, "")
    }

    func test_parse_unescapesInRFCOrder() {
        // "~01" must decode to "~1", not "/" (RFC 6901 §4).
        XCTAssertEqual(JSONPointer("/~01")?.tokens, ["~1"])
        XCTAssertEqual(JSONPointer("/a~1b/")?.tokens, ["a/b", ""])
        XCTAssertNil(JSONPointer("a"))
        XCTAssertNil(JSONPointer("/~2"))
        XCTAssertNil(JSONPointer("/~"))
    }

    func test_evaluation_followsObjectsAndArrays() throws {
        let value = try JSONParser.parse(Array(#"{"a/b": [10, {"~": "x"}], "": 1}"#.utf8))
        XCTAssertEqual(value[JSONPointer("/a~1b/0")!], 10)
        XCTAssertEqual(value[JSONPointer("/a~1b/1/~0")!], "x")
        XCTAssertEqual(value[JSONPointer("/")!], 1)
        XCTAssertNil(value[JSONPointer("/a~1b/01")!])
        XCTAssertNil(value[JSONPointer("/a~1b/2")!])
    }

    func test_parent_dropsLastToken() {
        XCTAssertEqual(JSONPointer("/a/b")?.parent, JSONPointer("/a"))
        XCTAssertNil(JSONPointer.root.parent)
    }
}
