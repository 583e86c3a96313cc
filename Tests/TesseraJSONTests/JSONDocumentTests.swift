import TesseraJSON
import XCTest

final class JSONDocumentTests: XCTestCase {
    private let text = """
        {
          "app": {"name": "Café ☕", "locales": ["en", "ru"]},
          "sections": [
            {"id": "news", "page_size": 10},
            {"a/b": true, "t~": null}
          ]
        }
        """

    func test_positions_areRecordedForEveryValue() throws {
        let document = try JSONParser.parseDocument(Array(text.utf8))
        func at(_ pointer: String) -> String? {
            document.position(of: JSONPointer(pointer)!).map(\.description)
        }
        XCTAssertEqual(at(""), "1:1")
        XCTAssertEqual(at("/app"), "2:10")
        XCTAssertEqual(at("/app/name"), "2:19")
        XCTAssertEqual(at("/app/locales"), "2:40")
        XCTAssertEqual(at("/app/locales/1"), "2:47")
        XCTAssertEqual(at("/sections/0/page_size"), "4:33")
        XCTAssertEqual(at("/sections/1/a~1b"), "5:13")
        XCTAssertEqual(at("/sections/1/t~0"), "5:25")
        XCTAssertNil(at("/sections/2"))
    }

    func test_keyPositions_pointAtTheOpeningQuote() throws {
        let document = try JSONParser.parseDocument(Array(text.utf8))
        XCTAssertEqual(document.keyPosition(of: JSONPointer("/app/locales")!)?.description, "2:29")
        XCTAssertEqual(document.keyPosition(of: JSONPointer("/sections")!)?.description, "3:3")
        XCTAssertNil(document.keyPosition(of: JSONPointer("/sections/0")!))
    }

    func test_columns_countScalarsAfterMultiByteText() throws {
        // "Café ☕" holds multi-byte scalars; the next key's column must count them as one each.
        let document = try JSONParser.parseDocument(Array(#"{"n": "Café ☕", "x": 1}"#.utf8))
        XCTAssertEqual(document.keyPosition(of: JSONPointer.root.appending("x"))?.column, 17)
        XCTAssertEqual(document.position(of: JSONPointer.root.appending("x"))?.offset, 24)
    }

    func test_document_valueMatchesPlainParse() throws {
        let bytes = Array(text.utf8)
        XCTAssertEqual(try JSONParser.parseDocument(bytes).value, try JSONParser.parse(bytes))
    }
}
