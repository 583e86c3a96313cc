import XCTest

@testable import HTTP

final class ResponseWriterTests: XCTestCase {
    private func head(_ response: HTTPResponse, keepAlive: Bool = true, versionMinor: Int = 1) -> String {
        String(
            decoding: ResponseWriter.head(
                status: response.status, headers: response.headers, bodyCount: response.body.count, requestID: "rid-1",
                keepAlive: keepAlive, versionMinor: versionMinor, date: Array("Date: D\r\n".utf8)),
            as: UTF8.self)
    }

    func test_head_hasStatusLineServerHeadersAndTerminator() {
        let text = head(.json(Array("{}".utf8)))
        XCTAssertEqual(
            text,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: D\r\nContent-Length: 2\r\nX-Request-Id: rid-1\r\n\r\n"
        )
    }

    func test_head_closingConnection_saysSo() {
        XCTAssertTrue(head(.text("x"), keepAlive: false).contains("\r\nConnection: close\r\n"))
    }

    func test_head_http10KeepAlive_saysKeepAlive() {
        XCTAssertTrue(head(.text("x"), versionMinor: 0).contains("\r\nConnection: keep-alive\r\n"))
    }

    func test_head_dropsServerOwnedAndInjectedHeaders() {
        let response = HTTPResponse(
            status: 200,
            headers: [
                "Content-Length": "999", "Connection": "keep-alive", "X-Evil": "a\r\nSet-Cookie: x", "Bad Name": "v",
                "X-Ok": "fine",
            ],
            body: [1, 2, 3])
        let text = head(response)
        XCTAssertFalse(text.contains("999"))
        XCTAssertFalse(text.contains("Set-Cookie"))
        XCTAssertFalse(text.contains("Bad Name"))
        XCTAssertFalse(text.contains("Connection"))
        XCTAssertTrue(text.contains("X-Ok: fine\r\n"))
        XCTAssertTrue(text.contains("Content-Length: 3\r\n"))
    }

    func test_head_noContentStatuses_omitContentLength() {
        XCTAssertFalse(head(HTTPResponse(status: 204)).contains("Content-Length"))
        XCTAssertFalse(head(.notModified(etag: "\"e\"")).contains("Content-Length"))
    }

    func test_head_unknownStatus_getsGenericReason() {
        XCTAssertTrue(head(HTTPResponse(status: 299)).hasPrefix("HTTP/1.1 299 Success\r\n"))
    }
}
