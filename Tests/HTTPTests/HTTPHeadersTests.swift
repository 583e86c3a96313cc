import HTTP
import XCTest

final class HTTPHeadersTests: XCTestCase {
    func test_subscript_isCaseInsensitiveAndReturnsFirst() {
        var headers = HTTPHeaders()
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        XCTAssertEqual(headers["SET-COOKIE"], "a=1")
        XCTAssertEqual(headers.values(for: "Set-Cookie"), ["a=1", "b=2"])
        XCTAssertNil(headers["Cookie"])
    }

    func test_subscriptSetter_replacesAllAndNilRemoves() {
        var headers: HTTPHeaders = ["X-A": "1", "x-a": "2", "Other": "o"]
        headers["X-A"] = "3"
        XCTAssertEqual(headers.values(for: "x-a"), ["3"])
        headers["x-A"] = nil
        XCTAssertFalse(headers.contains("X-A"))
        XCTAssertEqual(headers.count, 1)
    }

    func test_iteration_keepsInsertionOrder() {
        let headers = HTTPHeaders([("B", "2"), ("A", "1"), ("C", "3")])
        XCTAssertEqual(headers.map(\.name), ["B", "A", "C"])
    }
}
