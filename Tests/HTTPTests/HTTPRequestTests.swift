import HTTP
import XCTest

final class HTTPRequestTests: XCTestCase {
    func test_init_splitsDecodedPathFromRawQuery() {
        let request = HTTPRequest(method: .GET, target: "/a%20b/c?x=%41&y")
        XCTAssertEqual(request.path, "/a b/c")
        XCTAssertEqual(request.query, "x=%41&y")
    }

    func test_init_withoutQuery_hasNilQuery() {
        XCTAssertNil(HTTPRequest(method: .GET, target: "/a").query)
        XCTAssertEqual(HTTPRequest(method: .GET, target: "/a?").query, "")
    }

    func test_init_invalidPercentEscape_isKeptLiterally() {
        XCTAssertEqual(HTTPRequest(method: .GET, target: "/100%/x%zz").path, "/100%/x%zz")
    }

    func test_queryValue_formDecodesAndReturnsFirst() {
        let request = HTTPRequest(method: .GET, target: "/?name=Ann+Lee&tag=a%26b&name=second&flag&e=")
        XCTAssertEqual(request.queryValue("name"), "Ann Lee")
        XCTAssertEqual(request.queryValue("tag"), "a&b")
        XCTAssertEqual(request.queryValue("flag"), "")
        XCTAssertEqual(request.queryValue("e"), "")
        XCTAssertNil(request.queryValue("missing"))
    }

    func test_queryItems_listsEveryPairDecodedInOrder() {
        let request = HTTPRequest(method: .GET, target: "/?name=Ann+Lee&tag=a%26b&name=second&flag&%71=1")
        XCTAssertEqual(request.queryItems.map(\.name), ["name", "tag", "name", "flag", "q"])
        XCTAssertEqual(request.queryItems.map(\.value), ["Ann Lee", "a&b", "second", "", "1"])
        XCTAssertTrue(HTTPRequest(method: .GET, target: "/").queryItems.isEmpty)
    }
}
