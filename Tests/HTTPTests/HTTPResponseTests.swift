import Foundation
import HTTP
import XCTest

final class HTTPResponseTests: XCTestCase {
    func test_error_rendersEscapedJSONBody() throws {
        let response = HTTPResponse.error(status: 400, code: "bad\"code", message: "line\nbreak \\ \u{01}")
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.headers["Content-Type"], "application/json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let error = try XCTUnwrap(object["error"] as? [String: String])
        XCTAssertEqual(error["code"], "bad\"code")
        XCTAssertEqual(error["message"], "line\nbreak \\ \u{01}")
    }

    func test_error_keepsExtraHeaders() {
        XCTAssertEqual(
            HTTPResponse.error(status: 405, code: "c", message: "m", headers: ["Allow": "GET"]).headers["Allow"], "GET")
    }

    func test_json_setsContentTypeUnlessGiven() {
        XCTAssertEqual(HTTPResponse.json([0x7B, 0x7D]).headers["content-type"], "application/json")
        XCTAssertEqual(
            HTTPResponse.json([], headers: ["Content-Type": "application/problem+json"]).headers.values(
                for: "Content-Type"), ["application/problem+json"])
    }

    func test_text_encodesUTF8() {
        let response = HTTPResponse.text("héllo", status: 201)
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.body, Array("héllo".utf8))
        XCTAssertEqual(response.headers["Content-Type"], "text/plain; charset=utf-8")
    }

    func test_notModified_is304WithETagAndNoBody() {
        let response = HTTPResponse.notModified(etag: "\"v3\"")
        XCTAssertEqual(response.status, 304)
        XCTAssertEqual(response.headers["ETag"], "\"v3\"")
        XCTAssertTrue(response.body.isEmpty)
    }
}
