import Foundation
import XCTest

@testable import HTTP

final class NULGuardTests: XCTestCase {
    private func router() -> Router {
        var router = Router()
        router.add(.GET, "/api/v1/{tenant}/news") { request, p in
            .text("news \(p["tenant"]!) \(request.queryValue("section") ?? "-")")
        }
        router.add(.POST, "/api/v1/{tenant}/register") { request, _ in .text("stored \(request.body.count)") }
        router.add(.GET, "/static/{path...}") { _, p in .text("static \(p["path"]!)") }
        return router
    }

    private func respond(_ method: HTTPMethod, _ target: String, body: String = "") -> HTTPResponse {
        router().respond(to: HTTPRequest(method: method, target: target, body: Array(body.utf8)))
    }

    /// The `error` object of a JSON error response.
    private func error(_ response: HTTPResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any]
    }

    private func assertInvalidText(_ response: HTTPResponse, field: String, place: String, line: UInt = #line) {
        XCTAssertEqual(response.status, 400, line: line)
        let error = error(response)
        XCTAssertEqual(error?["code"] as? String, "invalid_text", line: line)
        XCTAssertEqual(
            error?["message"] as? String,
            "\(place) \"\(field)\" contains a NUL character (U+0000), which text cannot hold",
            line: line)
        let details = error?["details"] as? [[String: Any]]
        XCTAssertEqual(details?.first?["field"] as? String, field, line: line)
    }

    func test_respond_NULInAQueryParameter_is400NamingIt() {
        assertInvalidText(
            respond(.GET, "/api/v1/cafe/news?limit=5&section=%00"), field: "section", place: "query parameter")
        assertInvalidText(
            respond(.GET, "/api/v1/cafe/news?category=a%00b"), field: "category", place: "query parameter")
        assertInvalidText(respond(.GET, "/api/v1/cafe/news?x%00=1"), field: "x\u{0}", place: "query parameter")
    }

    func test_respond_NULInAPathParameter_is400NamingIt() {
        assertInvalidText(respond(.GET, "/api/v1/ca%00fe/news"), field: "tenant", place: "path parameter")
        assertInvalidText(respond(.GET, "/static/a/%00"), field: "path", place: "path parameter")
    }

    func test_respond_NULInAJSONBodyString_is400NamingTheMember() {
        assertInvalidText(
            respond(.POST, "/api/v1/cafe/register", body: #"{"values":{"email":"a@b.c","name":"a\u0000b"}}"#),
            field: "values.name", place: "body field")
        assertInvalidText(
            respond(.POST, "/api/v1/cafe/register", body: #"{"tags":["ok","\\\u0000"]}"#), field: "tags.1",
            place: "body field")
        assertInvalidText(
            respond(.POST, "/api/v1/cafe/register", body: #"{"k\u0000":1}"#), field: "k\u{0}", place: "body field")
    }

    func test_respond_escapedBackslashBeforeU0000_isText() {
        XCTAssertEqual(respond(.POST, "/api/v1/cafe/register", body: #"{"a":"\\u0000"}"#).status, 200)
    }

    func test_respond_otherControlCharacters_pass() {
        XCTAssertEqual(
            String(decoding: respond(.GET, "/api/v1/cafe/news?section=%01%1F%7F").body, as: UTF8.self),
            "news cafe \u{01}\u{1F}\u{7F}")
        XCTAssertEqual(respond(.POST, "/api/v1/cafe/register", body: #"{"a":"\u0001\u001f\t"}"#).status, 200)
        XCTAssertEqual(respond(.GET, "/api/v1/cafe/news?section=%2500").status, 200)
    }

    func test_respond_malformedJSONBody_isLeftToTheHandler() {
        XCTAssertEqual(respond(.POST, "/api/v1/cafe/register", body: #"{"a":"\u0000""#).status, 200)
    }

    func test_respond_unknownPathWithNUL_isStill404() {
        XCTAssertEqual(respond(.GET, "/nothing/%00").status, 404)
    }

    func test_hasNULEscape_countsTheBackslashRun() {
        XCTAssertTrue(NULGuard.hasNULEscape(Array(#""\u0000""#.utf8)))
        XCTAssertFalse(NULGuard.hasNULEscape(Array(#""\\u0000""#.utf8)))
        XCTAssertTrue(NULGuard.hasNULEscape(Array(#""\\\u0000""#.utf8)))
        XCTAssertFalse(NULGuard.hasNULEscape(Array(#""\u00000"#.utf8).dropLast(2) + []))
        XCTAssertFalse(NULGuard.hasNULEscape(Array(#""\u0001""#.utf8)))
    }
}
