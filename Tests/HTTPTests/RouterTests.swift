import XCTest

@testable import HTTP

final class RouterTests: XCTestCase {
    private func echoRouter() -> Router {
        var router = Router()
        router.add(.GET, "/api/v1/{tenant}/screens/{section}") { _, p in
            .text("screen \(p["tenant"]!) \(p["section"]!)")
        }
        router.add(.GET, "/api/v1/{tenant}/app") { _, p in .text("app \(p["tenant"]!)") }
        router.add(.POST, "/api/v1/{tenant}/app") { _, _ in .text("posted") }
        router.add(.GET, "/api/v1/me/app") { _, _ in .text("literal me") }
        router.add(.GET, "/static/{path...}") { _, p in .text("static [\(p["path"]!)]") }
        router.add(.GET, "/") { _, _ in .text("root") }
        return router
    }

    private func respond(_ method: HTTPMethod, _ target: String) -> HTTPResponse {
        echoRouter().respond(to: HTTPRequest(method: method, target: target))
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    func test_respond_capturesParameters() {
        XCTAssertEqual(text(respond(.GET, "/api/v1/cafe/screens/news?x=1")), "screen cafe news")
    }

    func test_respond_percentDecodesParametersPerSegment() {
        XCTAssertEqual(text(respond(.GET, "/api/v1/caf%C3%A9/screens/a%2Fb")), "screen café a/b")
    }

    func test_respond_literalBeatsParameter() {
        XCTAssertEqual(text(respond(.GET, "/api/v1/me/app")), "literal me")
        XCTAssertEqual(text(respond(.GET, "/api/v1/you/app")), "app you")
    }

    func test_respond_catchAllMatchesRestIncludingSlashesAndEmpty() {
        XCTAssertEqual(text(respond(.GET, "/static/css/site.css")), "static [css/site.css]")
        XCTAssertEqual(text(respond(.GET, "/static/")), "static []")
        XCTAssertEqual(respond(.GET, "/static").status, 404, "a catch-all needs at least one (possibly empty) segment")
    }

    func test_respond_shorterExactRouteBeatsAnEmptyCatchAll() {
        var router = Router()
        router.add(.GET, "/app/{tenant}") { _, p in .text("redirect \(p["tenant"] ?? "")") }
        router.add(.GET, "/app/{tenant}/{file...}") { _, p in .text("file [\(p["file"] ?? "-")]") }
        func get(_ path: String) -> String {
            String(decoding: router.respond(to: HTTPRequest(method: .GET, target: path)).body, as: UTF8.self)
        }
        XCTAssertEqual(get("/app/cafe"), "redirect cafe")
        XCTAssertEqual(get("/app/cafe/"), "file []")
        XCTAssertEqual(get("/app/cafe/app.js"), "file [app.js]")
    }

    func test_respond_routesStartingWithAParameter_competeWithLiteralOnes() {
        var router = Router()
        router.add(.GET, "/{tenant}/x") { _, p in .text("param \(p["tenant"]!)") }
        router.add(.GET, "/a/x") { _, _ in .text("literal") }
        router.add(.POST, "/{tenant}/y") { _, _ in .text("posted") }
        router.add(.DELETE, "/a/y") { _, _ in .text("deleted") }
        func respond(_ method: HTTPMethod, _ path: String) -> HTTPResponse {
            router.respond(to: HTTPRequest(method: method, target: path))
        }
        XCTAssertEqual(text(respond(.GET, "/a/x")), "literal")
        XCTAssertEqual(text(respond(.GET, "/b/x")), "param b")
        XCTAssertEqual(text(respond(.POST, "/a/y")), "posted")
        XCTAssertEqual(text(respond(.DELETE, "/a/y")), "deleted")
        let wrong = respond(.GET, "/a/y")
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.headers["Allow"], "POST, DELETE")
        XCTAssertEqual(respond(.GET, "/b/z").status, 404)
    }

    func test_respond_rootPattern() {
        XCTAssertEqual(text(respond(.GET, "/")), "root")
    }

    func test_respond_unknownPath_is404NotFound() {
        let response = respond(.GET, "/nope")
        XCTAssertEqual(response.status, 404)
        XCTAssertTrue(text(response).contains(#""code":"not_found""#))
    }

    func test_respond_emptyParameterSegment_doesNotMatch() {
        XCTAssertEqual(respond(.GET, "/api/v1//app").status, 404)
    }

    func test_respond_wrongMethod_is405WithAllow() {
        let response = respond(.DELETE, "/api/v1/cafe/app")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["Allow"], "GET, HEAD, POST")
        XCTAssertTrue(text(response).contains(#""code":"method_not_allowed""#))
    }

    func test_respond_HEAD_fallsBackToGET() {
        let response = respond(.HEAD, "/api/v1/cafe/app")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(text(response), "app cafe")
    }

    func test_respond_explicitHEADRoute_winsOverGET() {
        var router = Router()
        router.add(.GET, "/x") { _, _ in .text("get") }
        router.add(.HEAD, "/x") { _, _ in .text("head") }
        XCTAssertEqual(text(router.respond(to: HTTPRequest(method: .HEAD, target: "/x"))), "head")
    }

    func test_routes_listsMethodAndPatternInOrder() {
        let routes = echoRouter().routes
        XCTAssertEqual(routes.count, 6)
        XCTAssertEqual(routes[0].method, .GET)
        XCTAssertEqual(routes[0].pattern, "/api/v1/{tenant}/screens/{section}")
        XCTAssertEqual(routes[2].method, .POST)
    }

    func test_routePattern_rejectsMalformedTemplates() {
        XCTAssertNil(RoutePattern("no-slash"))
        XCTAssertNil(RoutePattern("/{rest...}/more"))
        XCTAssertNil(RoutePattern("/{a}/{a}"))
        XCTAssertNil(RoutePattern("/{}"))
        XCTAssertNil(RoutePattern("/x{y}"))
        XCTAssertNotNil(RoutePattern("/a/{b}/{c...}"))
    }

    // MARK: Inline answers

    private func inlineRouter() -> Router {
        var router = Router()
        router.add(.GET, "/items/{id}", inline: { _, p in p["id"] == "cold" ? nil : .text("inline \(p["id"]!)") }) {
            _, p in .text("worker \(p["id"]!)")
        }
        router.add(.GET, "/plain") { _, _ in .text("worker plain") }
        return router
    }

    private func inline(_ method: HTTPMethod, _ target: String) -> String? {
        inlineRouter().respondInline(to: HTTPRequest(method: method, target: target)).map(text)
    }

    func test_respondInline_answersFromTheMatchingRoutesInlineHandler_HEADThroughGET() {
        XCTAssertEqual(inline(.GET, "/items/7"), "inline 7")
        XCTAssertEqual(inline(.HEAD, "/items/7"), "inline 7")
        XCTAssertEqual(text(inlineRouter().respond(to: HTTPRequest(method: .GET, target: "/items/7"))), "worker 7")
    }

    func test_respondInline_isNilWhenTheWorkerMustAnswer() {
        XCTAssertNil(inline(.GET, "/items/cold"), "the handler declined")
        XCTAssertNil(inline(.GET, "/plain"), "no inline handler")
        XCTAssertNil(inline(.GET, "/nope"), "404 is the worker's")
        XCTAssertNil(inline(.POST, "/items/7"), "405 is the worker's")
        XCTAssertNil(inline(.GET, "/items/a%00b"), "a refused NUL is the worker's 400")
        XCTAssertEqual(inlineRouter().respond(to: HTTPRequest(method: .GET, target: "/items/a%00b")).status, 400)
    }
}
