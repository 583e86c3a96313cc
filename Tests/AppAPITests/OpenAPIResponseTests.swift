import AppAPI
import Blueprint
import Foundation
import HTTP
import Kernel
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

/// Sends real requests through the router and checks each answer against docs/openapi.json:
/// the status is documented for that operation and JSON bodies match the documented schema
/// (a subset of JSON Schema: $ref, type, required, properties, items, enum, const, oneOf).
final class OpenAPIResponseTests: XCTestCase {
    var h: Harness!
    var spec: [String: Any] = [:]

    override func setUpWithError() throws {
        h = try Harness()
        let data = try Data(contentsOf: Harness.repoRoot.appendingPathComponent("docs/openapi.json"))
        spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    override func tearDown() { h?.stop() }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = spec
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node as? [String: Any] ?? [:])
    }

    /// Problems of `value` against `schema`, with JSON-pointer-like paths.
    func problems(_ value: JSONValue, _ rawSchema: [String: Any], at path: String = "") -> [String] {
        let schema = resolve(rawSchema)
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { problems(value, $0, at: path).isEmpty }
            return matching.count == 1 ? [] : ["\(path): matches \(matching.count) of oneOf"]
        }
        func text(_ v: JSONValue) -> String { if case .string(let s) = v { return s }; return v.description }
        if let constant = schema["const"] { return "\(constant)" == text(value) ? [] : ["\(path): expected \(constant)"] }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == text(value) }) {
            return ["\(path): \(value) not in enum"]
        }
        let types = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String] ?? [])
        if !types.isEmpty {
            let ok = types.contains { type in
                switch (type, value) {
                case ("object", .object), ("array", .array), ("string", .string), ("integer", .int), ("number", .int),
                    ("number", .double), ("boolean", .bool), ("null", .null): true
                default: false
                }
            }
            if !ok { return ["\(path): expected \(types), got \(value)"] }
        }
        var found: [String] = []
        if case .object(let object) = value {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path)/\(key): missing") }
            for (key, sub) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                if let v = object[key] { found += problems(v, sub, at: "\(path)/\(key)") }
            }
        }
        if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { found += problems(v, items, at: "\(path)/\(i)") }
        }
        return found
    }

    func check(_ method: HTTPMethod, _ template: String, _ target: String, headers: [String: String] = [:], body: String? = nil,
               expect status: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        var h2 = HTTPHeaders()
        for (k, v) in headers { h2.add(name: k, value: v) }
        let router = AppServer.makeRouter(h.context)
        let response = router.respond(to: HTTPRequest(method: method, target: target, headers: h2, body: Array((body ?? "").utf8)))
        XCTAssertEqual(response.status, status, "\(method) \(target)", file: file, line: line)
        let paths = try XCTUnwrap(spec["paths"] as? [String: [String: Any]])
        let operations = try XCTUnwrap(paths[template], "\(template) undocumented")
        // A 405 is documented on the path's existing operations.
        let operation = try XCTUnwrap(
            (operations[method.rawValue.lowercased()] ?? (response.status == 405 ? operations.values.first : nil)) as? [String: Any],
            "\(method) \(template) undocumented")
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let documented = responses[String(response.status)] as? [String: Any] else {
            return XCTFail("\(method) \(template) answered \(response.status), which the spec does not document", file: file, line: line)
        }
        let resolved = resolve(documented)
        guard let schema = ((resolved["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any],
            !response.body.isEmpty
        else { return }
        let json = try JSONParser.parse(response.body)
        XCTAssertEqual(problems(json, schema), [], "\(method) \(target) \(response.status)", file: file, line: line)
    }

    func test_responses_matchTheDocumentedStatusesAndSchemas() throws {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        try check(.GET, "/healthz", "/healthz", expect: 200)
        try check(.GET, "/readyz", "/readyz", expect: 200)
        try check(.GET, "/api/v1/{tenant}/app", "/api/v1/coffee-shop/app", headers: auth, expect: 200)
        try check(.GET, "/api/v1/{tenant}/app", "/api/v1/coffee-shop/app", expect: 401)
        try check(.GET, "/api/v1/{tenant}/app", "/api/v1/nope-nope/app", headers: auth, expect: 404)
        for tenant in ["coffee-shop", "events-club"] {
            let tenantAuth = ["Authorization": "tma " + Harness.initData(tenant)]
            let live = h.registry.tenant(tenant)!
            let visible = live.interpreter.visibleSectionIDs(context: ScreenContext(locale: "en", tags: [], now: Date()))
            XCTAssertFalse(visible.isEmpty)
            for section in visible {
                try check(.GET, "/api/v1/{tenant}/screens/{section}", "/api/v1/\(tenant)/screens/\(section)", headers: tenantAuth, expect: 200)
            }
        }
        try check(.GET, "/api/v1/{tenant}/screens/{section}", "/api/v1/coffee-shop/screens/nope", headers: auth, expect: 404)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try check(.POST, "/api/v1/{tenant}/events", "/api/v1/coffee-shop/events", headers: auth,
                  body: #"{"events":[{"kind":"screen_view","at":\#(now)}]}"#, expect: 202)
        try check(.POST, "/api/v1/{tenant}/events", "/api/v1/coffee-shop/events", headers: auth, body: "{}", expect: 422)
        try check(.GET, "/app/{tenant}", "/app/coffee-shop", expect: 308)
        try check(.GET, "/app/{tenant}/{file}", "/app/coffee-shop/", expect: 200)
        try check(.GET, "/app/{tenant}/{file}", "/app/coffee-shop/nope.js", expect: 404)
        try check(.DELETE, "/api/v1/{tenant}/app", "/api/v1/coffee-shop/app", expect: 405)
    }

    /// The shop's calls, with Telegram simulated so a checkout gets its invoice and can be paid.
    func test_shopResponses_matchTheDocumentedStatusesAndSchemas() throws {
        h.stop()
        let simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        defer { simulator.shutdown() }
        let bot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        let client = BotAPIClient(baseURL: simulator.baseURL, timeout: 5, retryPolicy: .none)
        h = try Harness(botAPI: client)
        try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            .register(try TenantSlug("coffee-shop"))
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let shop = "/api/v1/{tenant}/sections/{section}"
        try check(.GET, shop + "/products", "/api/v1/coffee-shop/sections/menu/products", headers: auth, expect: 200)
        try check(.GET, shop + "/products", "/api/v1/coffee-shop/sections/menu/products?category=tea", headers: auth, expect: 422)
        try check(.GET, shop + "/products", "/api/v1/coffee-shop/sections/news/products", headers: auth, expect: 404)
        try check(.POST, shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/flat-white", headers: auth,
                  body: #"{"quantity":2}"#, expect: 200)
        try check(.POST, shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/nope", headers: auth, expect: 404)
        try check(.POST, shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/filter", headers: auth,
                  body: #"{"quantity":0}"#, expect: 422)
        try check(.GET, shop + "/cart", "/api/v1/coffee-shop/sections/menu/cart", headers: auth, expect: 200)
        try check(.DELETE, shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/croissant", headers: auth, expect: 200)
        try check(.GET, "/api/v1/{tenant}/screens/{section}", "/api/v1/coffee-shop/screens/menu", headers: auth, expect: 200)
        try check(.POST, shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", headers: auth, expect: 201)
        try check(.POST, shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", headers: auth, expect: 409)
        try check(.POST, shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", headers: auth, body: #"{"quantity":2}"#,
                  expect: 422)
        try check(.GET, "/api/v1/{tenant}/me/orders", "/api/v1/coffee-shop/me/orders", headers: auth, expect: 200)
        try check(.GET, "/api/v1/{tenant}/me/orders/{order}", "/api/v1/coffee-shop/me/orders/1", headers: auth, expect: 200)
        try check(.GET, "/api/v1/{tenant}/me/orders/{order}", "/api/v1/coffee-shop/me/orders/99", headers: auth, expect: 404)
        try check(.POST, "/api/v1/{tenant}/me/orders/{order}/simulated-payment", "/api/v1/coffee-shop/me/orders/1/simulated-payment",
                  headers: auth, expect: 404)
        let link = try XCTUnwrap(h.pool.query("SELECT invoice_link FROM t_coffee_shop.orders WHERE id = 1").first?.decode(String.self, 0))
        XCTAssertEqual(try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link).answer?.ok, true)
        try check(.GET, "/api/v1/{tenant}/me/purchases", "/api/v1/coffee-shop/me/purchases", headers: auth, expect: 200)
        try check(.POST, "/api/v1/{tenant}/me/orders/{order}/cancel", "/api/v1/coffee-shop/me/orders/1/cancel", headers: auth, expect: 409)
        try check(.POST, shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", headers: auth, body: #"{"product":"filter"}"#,
                  expect: 201)
        try check(.POST, "/api/v1/{tenant}/me/orders/{order}/cancel", "/api/v1/coffee-shop/me/orders/2/cancel", headers: auth, expect: 200)
        try check(.GET, "/api/v1/{tenant}/me/orders", "/api/v1/coffee-shop/me/orders", expect: 401)

        try check(.GET, "/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", headers: staff, expect: 200)
        try check(.POST, "/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", headers: staff,
                  body: #"{"key":"gift","title":"Gift card","price":500,"stock":3,"kind":"digital"}"#, expect: 201)
        try check(.POST, "/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", headers: staff,
                  body: #"{"key":"gift","title":"Gift card","price":500}"#, expect: 409)
        try check(.POST, "/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", headers: staff, body: "{}", expect: 422)
        try check(.GET, "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/gift", headers: staff, expect: 200)
        try check(.PATCH, "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/gift", headers: staff,
                  body: #"{"stock":null}"#, expect: 200)
        try check(.DELETE, "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/flat-white", headers: staff,
                  expect: 409)
        try check(.DELETE, "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/gift", headers: staff, expect: 204)
        try check(.GET, "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/gift", headers: staff, expect: 404)
        try check(.GET, "/admin/api/v1/{tenant}/orders", "/admin/api/v1/coffee-shop/orders?status=paid", headers: staff, expect: 200)
        try check(.GET, "/admin/api/v1/{tenant}/orders", "/admin/api/v1/coffee-shop/orders?status=lost", headers: staff, expect: 422)
        try check(.GET, "/admin/api/v1/{tenant}/orders/{order}", "/admin/api/v1/coffee-shop/orders/1", headers: staff, expect: 200)
        try check(.POST, "/admin/api/v1/{tenant}/orders/{order}/ship", "/admin/api/v1/coffee-shop/orders/2/ship", headers: staff, expect: 409)
        try check(.POST, "/admin/api/v1/{tenant}/orders/{order}/refund", "/admin/api/v1/coffee-shop/orders/2/refund", headers: staff,
                  expect: 409)
        try check(.POST, "/admin/api/v1/{tenant}/orders/{order}/ship", "/admin/api/v1/coffee-shop/orders/1/ship", headers: staff, expect: 200)
        try check(.POST, "/admin/api/v1/{tenant}/orders/{order}/refund", "/admin/api/v1/coffee-shop/orders/1/refund", headers: staff,
                  expect: 200)
        try check(.POST, "/admin/api/v1/{tenant}/orders/{order}/refund", "/admin/api/v1/coffee-shop/orders/9/refund", headers: staff,
                  expect: 404)
        try check(.GET, "/admin/api/v1/{tenant}/orders", "/admin/api/v1/coffee-shop/orders", expect: 401)
    }

    /// The staff API over GameFi: quests, overrides, the ledger and adjustments; and a paused quest
    /// as participants see it.
    func test_adminGameFiResponses_matchTheDocumentedStatusesAndSchemas() throws {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        try check(.GET, "/admin/api/v1/{tenant}/quests", "/admin/api/v1/coffee-shop/quests", headers: staff, expect: 200)
        try check(.GET, "/admin/api/v1/{tenant}/quests", "/admin/api/v1/coffee-shop/quests", expect: 401)
        try check(.GET, "/admin/api/v1/{tenant}/quests", "/admin/api/v1/events-club/quests", headers: staff, expect: 403)
        let quest = "/admin/api/v1/{tenant}/quests/{quest}"
        try check(.PATCH, quest, "/admin/api/v1/coffee-shop/quests/check-in", headers: staff, body: #"{"paused":true,"reward":7}"#, expect: 200)
        try check(.PATCH, quest, "/admin/api/v1/coffee-shop/quests/check-in", headers: staff, body: #"{"reward":-1}"#, expect: 422)
        try check(.PATCH, quest, "/admin/api/v1/coffee-shop/quests/nope", headers: staff, body: #"{"paused":true}"#, expect: 404)
        try check(.GET, "/api/v1/{tenant}/gamefi", "/api/v1/coffee-shop/gamefi", headers: auth, expect: 200)
        try check(.POST, "/api/v1/{tenant}/sections/{section}/quests/{quest}/claim", "/api/v1/coffee-shop/sections/beans/quests/check-in/claim",
                  headers: auth, body: "{}", expect: 409)
        let participant = try h.pool.query("SELECT max(id) FROM t_coffee_shop.participants").first!.decode(Int64.self, 0)
        let points = "/admin/api/v1/{tenant}/participants/{participant}/points"
        let target = "/admin/api/v1/coffee-shop/participants/\(participant)/points"
        try check(.POST, points, target, headers: staff, body: #"{"amount":30,"reason":"contest","idempotency_key":"k1"}"#, expect: 201)
        try check(.POST, points, target, headers: staff, body: #"{"amount":30,"reason":"contest","idempotency_key":"k1"}"#, expect: 200)
        try check(.POST, points, target, headers: staff, body: #"{"amount":-31,"reason":"oops","idempotency_key":"k2"}"#, expect: 409)
        try check(.POST, points, target, headers: staff, body: #"{"amount":0}"#, expect: 422)
        try check(.POST, points, "/admin/api/v1/coffee-shop/participants/999999/points", headers: staff,
                  body: #"{"amount":1,"reason":"x","idempotency_key":"k3"}"#, expect: 404)
        try check(.GET, points, target, headers: staff, expect: 200)
        try check(.GET, points, "/admin/api/v1/coffee-shop/participants/999999/points", headers: staff, expect: 404)
    }

    /// The Overview and the back office's static routes.
    func test_officeResponses_matchTheDocumentedStatusesAndSchemas() throws {
        let owner = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let support = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop", role: .support))]
        let overview = "/admin/api/v1/{tenant}/overview"
        try check(.GET, overview, "/admin/api/v1/coffee-shop/overview?range=30d", headers: owner, expect: 200)
        try check(.GET, overview, "/admin/api/v1/coffee-shop/overview", headers: support, expect: 200)
        try check(.GET, overview, "/admin/api/v1/coffee-shop/overview?range=1y", headers: owner, expect: 422)
        try check(.GET, overview, "/admin/api/v1/coffee-shop/overview", expect: 401)
        try check(.GET, "/admin/api/v1/{tenant}/ratings", "/admin/api/v1/coffee-shop/ratings", headers: owner, expect: 200)
        try check(.GET, "/admin/api/v1/{tenant}/ratings/{board}", "/admin/api/v1/coffee-shop/ratings/beans", headers: owner, expect: 200)
        try check(.GET, "/admin/api/v1/{tenant}/ratings/{board}", "/admin/api/v1/coffee-shop/ratings/nope", headers: owner, expect: 404)
        try check(.GET, "/admin/api/v1/{tenant}/ratings/{board}", "/admin/api/v1/coffee-shop/ratings/beans?period=week", headers: owner, expect: 422)
        try check(.GET, "/office", "/office", expect: 308)
        try check(.GET, "/office/", "/office/", expect: 200)
        try check(.GET, "/office/{tenant}/news/{post}", "/office/coffee-shop/news/3", expect: 200)
        try check(.GET, "/office/invite/{token}", "/office/invite/abc", expect: 200)
        try check(.GET, "/office/assets/{file}", "/office/assets/app.js", expect: 200)
        try check(.GET, "/office/assets/{file}", "/office/assets/nope.js", expect: 404)
    }
}
