import Telegram
import XCTest

@testable import TelegramSimulator

/// The simulator reads multipart bodies as the Bot API server (TDLib's HttpReader) does.
final class MultipartFormParserTests: XCTestCase {
    func test_parse_roundTripsTheEncodersBytesAndFileName() throws {
        var form = MultipartFormData()
        let bytes = (0...255).map { UInt8($0) } + Array("\r\n--tessera-\r\n".utf8)
        form.add(name: "chat_id", value: "-1001")
        form.add(name: "document", fileName: "Отчёт \"Q3\" — итог.bin", contentType: "application/x-raw", bytes: bytes)
        let (contentType, body) = form.encoded()
        let boundary = try XCTUnwrap(MultipartFormParser.boundary(contentType: contentType))
        let parts = try MultipartFormParser.parse(body, boundary: boundary)
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[0].name, "chat_id")
        XCTAssertNil(parts[0].fileName)
        XCTAssertEqual(parts[0].bytes, Array("-1001".utf8))
        XCTAssertEqual(parts[1].fileName, "Отчёт \"Q3\" — итог.bin")
        XCTAssertEqual(parts[1].contentType, "application/x-raw")
        XCTAssertEqual(parts[1].bytes, bytes)
    }

    func test_parse_followsTDLibsParameterRules() throws {
        let body = Array(
            ("preamble\r\n--b\r\ncontent-disposition: form-data; name=doc; filename=\"a;b.txt\"\r\n\r\nx\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\r\n--b--\r\nepilogue").utf8)
        let parts = try MultipartFormParser.parse(body, boundary: "b")
        XCTAssertEqual(parts.map(\.name), ["doc", "t"])
        XCTAssertEqual(parts[0].fileName, "\"a", "a `;` ends the value; only a full pair of quotes is stripped")
        XCTAssertThrowsError(
            try MultipartFormParser.parse(
                Array("--b\r\nContent-Disposition: form-data; filename=\"a;b\"; name=\"n\"\r\n\r\nx\r\n--b--".utf8),
                boundary: "b"), "after a cut value the rest is no key=value (TDLib finds no name either)")
        XCTAssertEqual(parts[0].contentType, "application/octet-stream")
        XCTAssertEqual(parts[1].bytes, [])
        XCTAssertEqual(MultipartFormParser.boundary(contentType: "multipart/form-data; boundary=\"q r\""), "q r")
        XCTAssertNil(MultipartFormParser.boundary(contentType: "multipart/form-data"))
    }

    func test_parse_errorsHaveTDLibsTexts() {
        let cases: [(String, String)] = [
            (
                "--b\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nv\r\n--b--",
                "field name in multipart/form-data not found"
            ),
            (
                "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--b--",
                "expected form-data content disposition"
            ),
            ("--b\r\n\r\nv\r\n--b--", "headers in multipart/form-data are empty"),
            ("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end", "multipart/form-data is truncated"),
            ("no boundary at all", "multipart/form-data boundary not found"),
        ]
        for (body, text) in cases {
            XCTAssertThrowsError(try MultipartFormParser.parse(Array(body.utf8), boundary: "b")) {
                XCTAssertEqual(($0 as? SimulatedError)?.description, "Bad Request: \(text)", body)
            }
        }
    }
}
