import Telegram
import TesseraJSON
import XCTest

final class BotAPIResponseTests: XCTestCase {
    func decode(_ status: Int, _ body: String, retryAfter: String? = nil) -> Result<JSONValue, BotAPIError> {
        BotAPIResponse.decode(status: status, body: Array(body.utf8), retryAfterHeader: retryAfter)
    }

    func test_decode_okReturnsTheResult() {
        XCTAssertEqual(decode(200, #"{"ok":true,"result":{"id":7}}"#), .success(["id": 7]))
    }

    func test_decode_mapsTelegramErrorCodesToTypedErrors() {
        XCTAssertEqual(
            decode(400, #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#),
            .failure(.badRequest("Bad Request: chat not found")))
        XCTAssertEqual(
            decode(403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#),
            .failure(.forbidden("Forbidden: bot was blocked by the user", blocked: true)))
        XCTAssertEqual(
            decode(
                403,
                #"{"ok":false,"error_code":403,"description":"Forbidden: bot is not a member of the channel chat"}"#),
            .failure(.forbidden("Forbidden: bot is not a member of the channel chat", blocked: false)))
        XCTAssertEqual(
            decode(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#), .failure(.unauthorized))
        XCTAssertEqual(
            decode(404, #"{"ok":false,"error_code":404,"description":"Not Found: method not found"}"#),
            .failure(.notFound("Not Found: method not found")))
        XCTAssertEqual(
            decode(409, #"{"ok":false,"error_code":409,"description":"Conflict: x"}"#),
            .failure(.other(code: 409, description: "Conflict: x")))
    }

    func test_decode_429TakesRetryAfterFromParametersOrTheHeader() {
        XCTAssertEqual(
            decode(
                429,
                #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#
            ),
            .failure(.tooManyRequests(retryAfter: 7)))
        XCTAssertEqual(
            decode(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests"}"#, retryAfter: "3"),
            .failure(.tooManyRequests(retryAfter: 3)))
    }

    func test_decode_nonJSONBodiesKeepTheStatusOnly() {
        XCTAssertEqual(decode(502, "<html>bad gateway</html>"), .failure(.other(code: 502, description: "HTTP 502")))
        guard case .failure(.decoding) = decode(200, "not json") else { return XCTFail("expected a decoding error") }
    }
}
