import AppAPI
import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON
import Staff
import XCTest

/// Keeps whole classes of docs/openapi.json claims true of the router, operation by operation:
/// the methods a path answers (405 and its Allow), `404 tenant_not_found` wherever a tenant is in
/// the path, every `limit` range, the fields a create body requires and that a PATCH needs a body.
final class OpenAPIAgreementTests: XCTestCase {
    var h: Harness!
    var spec: [String: Any] = [:]
    var paths: [String: [String: Any]] = [:]

    override func setUpWithError() throws {
        h = try Harness()
        let data = try Data(contentsOf: Harness.repoRoot.appendingPathComponent("docs/openapi.json"))
        spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        paths = try XCTUnwrap(spec["paths"] as? [String: [String: Any]])
    }

    override func tearDown() { h?.stop() }

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var json: JSONValue?
        /// The fields a 422 names, with their messages.
        var problems: [(field: String, message: String)] {
            guard case .object(let root)? = json, case .object(let error)? = root["error"],
                case .array(let details)? = error["details"]
            else { return [] }
            return details.compactMap { detail in
                guard case .object(let d) = detail, let field = d["field"]?.stringValue else { return nil }
                return (field, d["message"]?.stringValue ?? "")
            }
        }
    }

    func send(_ method: HTTPMethod, _ target: String, auth: [String: String] = [:], body: String = "") -> Answer {
        var headers = HTTPHeaders()
        for (k, v) in auth { headers.add(name: k, value: v) }
        let response = AppServer.makeRouter(h.context).respond(
            to: HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return Answer(status: response.status, headers: response.headers, json: try? JSONParser.parse(response.body))
    }

    func operation(_ method: String, _ path: String) throws -> [String: Any] {
        try XCTUnwrap(paths[path]?[method] as? [String: Any], "\(method) \(path) undocumented")
    }

    func documents(_ status: Int, _ method: String, _ path: String) throws -> Bool {
        (try operation(method, path)["responses"] as? [String: Any])?[String(status)] != nil
    }

    /// `path` with every `{name}` replaced by `values[name]` (else `x1`).
    /// A participant of coffee-shop with a conversation (as a message to the bot makes); its id.
    func conversation() throws -> Int64 {
        try h.pool.query(
            """
            WITH p AS (INSERT INTO t_coffee_shop.participants (telegram_id, first_name) VALUES (900001, 'Dee') RETURNING id)
            INSERT INTO t_coffee_shop.conversations (participant_id, last_message_at, last_message_id)
            SELECT id, now(), 0 FROM p RETURNING id
            """
        ).first!.decode(Int64.self, 0)
    }

    func fill(_ path: String, _ values: [String: String]) -> String {
        var out = path
        while let open = out.firstIndex(of: "{"), let close = out[open...].firstIndex(of: "}") {
            let name = String(out[out.index(after: open)..<close])
            out.replaceSubrange(open...close, with: values[name] ?? "x1")
        }
        return out
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = spec
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node as? [String: Any] ?? [:])
    }

    /// The `required` names of a schema, through `$ref` and `allOf`.
    func required(_ raw: [String: Any]) -> Set<String> {
        let schema = resolve(raw)
        var names = Set(schema["required"] as? [String] ?? [])
        for part in schema["allOf"] as? [[String: Any]] ?? [] { names.formUnion(required(part)) }
        return names
    }

    func bodySchema(_ method: String, _ path: String) throws -> [String: Any]? {
        let body = try operation(method, path)["requestBody"] as? [String: Any]
        return ((body?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
            as? [String: Any]
    }

    /// TRACE and QUERY (methods the server knows that no route serves) answer 405 on every documented path,
    /// and Allow lists exactly the documented methods (HEAD with GET).
    func test_everyPath_answersTRACEAndQUERYWith405AndAllowsExactlyItsDocumentedMethods() throws {
        for name in ["TRACE", "QUERY"] {
            let method = try XCTUnwrap(HTTPMethod(rawValue: name), "\(name) is a method the server knows")
            for (path, operations) in paths { try checkUnserved(method, path, operations) }
        }
    }

    func checkUnserved(_ method: HTTPMethod, _ path: String, _ operations: [String: Any]) throws {
        let answer = send(method, fill(path, ["tenant": "coffee-shop", "file": "index.html"]))
        XCTAssertEqual(answer.status, 405, "\(method) \(path)")
        var documented = Set(operations.keys.map { $0.uppercased() })
        if documented.contains("GET") { documented.insert("HEAD") }
        let allowed = Set(
            (answer.headers["Allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        XCTAssertEqual(allowed, documented, "Allow of \(path)")
        for documentedMethod in operations.keys {
            XCTAssertTrue(
                try documents(405, documentedMethod, path), "\(documentedMethod) \(path) does not document 405")
        }
    }

    /// Every end-user operation (`/api/v1/{tenant}/…`) answers an unknown tenant with a documented 404.
    func test_everyEndUserOperation_documentsTheUnknownTenant404ItAnswers() throws {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        for (path, operations) in paths where path.hasPrefix("/api/v1/{tenant}/") || path.hasPrefix("/app/{tenant}") {
            for method in operations.keys {
                let verb = try XCTUnwrap(HTTPMethod(rawValue: method.uppercased()))
                let answer = send(
                    verb, fill(path, ["tenant": "no-such-tenant", "section": "news", "file": "index.html"]), auth: auth,
                    body: "{}")
                XCTAssertEqual(answer.status, 404, "\(method) \(path)")
                XCTAssertTrue(
                    try documents(404, method, path),
                    "\(method) \(path) answers 404 tenant_not_found but does not document it")
            }
        }
    }

    /// Each documented `limit` declares its range, and the server takes exactly that range:
    /// `minimum` and `maximum` pass, one below and one above answer 422.
    func test_everyLimitParameter_declaresTheRangeTheServerEnforces() throws {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        let eventsAuth = ["Authorization": "tma " + Harness.initData("events-club")]
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let eventsStaff = ["Authorization": "Bearer " + (try h.staffToken("events-club"))]
        let participant = try h.pool.query(
            "INSERT INTO \(ident: h.registry.tenant("coffee-shop")!.schema).participants (telegram_id, first_name) VALUES (77, 'T') RETURNING id"
        ).first!.decode(Int64.self, 0)
        // Where each operation with a `limit` can be called for real.
        let targets: [String: (target: String, auth: [String: String])] = [
            "/api/v1/{tenant}/sections/{section}/posts": ("/api/v1/coffee-shop/sections/news/posts", auth),
            "/api/v1/{tenant}/sections/{section}/events": ("/api/v1/events-club/sections/events/events", eventsAuth),
            "/api/v1/{tenant}/ratings/{board}": ("/api/v1/coffee-shop/ratings/beans", auth),
            "/api/v1/{tenant}/me/orders": ("/api/v1/coffee-shop/me/orders", auth),
            "/api/v1/{tenant}/me/purchases": ("/api/v1/coffee-shop/me/purchases", auth),
            "/admin/api/v1/{tenant}/news": ("/admin/api/v1/coffee-shop/news", staff),
            "/admin/api/v1/{tenant}/events": ("/admin/api/v1/events-club/events", eventsStaff),
            "/admin/api/v1/{tenant}/products": ("/admin/api/v1/coffee-shop/products", staff),
            "/admin/api/v1/{tenant}/orders": ("/admin/api/v1/coffee-shop/orders", staff),
            "/admin/api/v1/{tenant}/payments": ("/admin/api/v1/coffee-shop/payments", staff),
            "/admin/api/v1/{tenant}/ratings/{board}": ("/admin/api/v1/coffee-shop/ratings/beans", staff),
            "/admin/api/v1/{tenant}/bans": ("/admin/api/v1/coffee-shop/bans", staff),
            "/admin/api/v1/{tenant}/participants/{participant}/bans": ("/admin/api/v1/coffee-shop/participants/1/bans", staff),
            "/admin/api/v1/{tenant}/participants": ("/admin/api/v1/coffee-shop/participants", staff),
            "/admin/api/v1/{tenant}/participants/{participant}/timeline": (
                "/admin/api/v1/coffee-shop/participants/\(participant)/timeline", staff
            ),
            "/admin/api/v1/{tenant}/audit": ("/admin/api/v1/coffee-shop/audit", staff),
            "/admin/api/v1/{tenant}/contacts": ("/admin/api/v1/coffee-shop/contacts", staff),
            "/admin/api/v1/{tenant}/jobs": ("/admin/api/v1/coffee-shop/jobs", staff),
            "/admin/api/v1/{tenant}/dialogs": ("/admin/api/v1/coffee-shop/dialogs", staff),
            "/admin/api/v1/{tenant}/dialogs/{conversation}/messages": (
                "/admin/api/v1/coffee-shop/dialogs/\(try conversation())/messages", staff
            ),
        ]
        // Participant 1, whose ban history is listed: the first caller of the fresh database.
        XCTAssertEqual(send(.GET, "/api/v1/coffee-shop/app", auth: auth).status, 200)
        var seen: Set<String> = []
        for (path, operations) in paths {
            for (method, raw) in operations {
                let parameters = (raw as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                guard
                    let limit = parameters.first(where: {
                        $0["name"] as? String == "limit" && $0["in"] as? String == "query"
                    })
                else {
                    continue
                }
                seen.insert(path)
                let schema = try XCTUnwrap(limit["schema"] as? [String: Any])
                XCTAssertEqual(schema["type"] as? String, "integer", "\(method) \(path) limit")
                guard let low = schema["minimum"] as? Int, let high = schema["maximum"] as? Int else {
                    XCTFail("\(method) \(path): limit declares no minimum/maximum")
                    continue
                }
                let (target, headers) = try XCTUnwrap(targets[path], "\(path): add a callable target to this test")
                let verb = try XCTUnwrap(HTTPMethod(rawValue: method.uppercased()))
                for (value, ok) in [(low, true), (high, true), (low - 1, false), (high + 1, false)] {
                    let answer = send(verb, "\(target)?limit=\(value)", auth: headers)
                    if ok {
                        XCTAssertEqual(answer.status, 200, "\(method) \(path)?limit=\(value)")
                    } else {
                        XCTAssertEqual(answer.status, 422, "\(method) \(path)?limit=\(value)")
                        XCTAssertEqual(answer.problems.first?.field, "limit")
                    }
                }
            }
        }
        XCTAssertEqual(seen, Set(targets.keys), "operations with a limit")
    }

    /// Every create body declares as `required` exactly the fields whose absence the server
    /// reports as required, and its request body itself is required.
    func test_createBodies_declareTheFieldsTheServerRequires() throws {
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let eventsStaff = ["Authorization": "Bearer " + (try h.staffToken("events-club"))]
        let creates: [(path: String, target: String, auth: [String: String])] = [
            ("/admin/api/v1/{tenant}/news", "/admin/api/v1/coffee-shop/news", staff),
            ("/admin/api/v1/{tenant}/events", "/admin/api/v1/events-club/events", eventsStaff),
            ("/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", staff),
            (
                "/admin/api/v1/{tenant}/participants/{participant}/points",
                "/admin/api/v1/coffee-shop/participants/1/points", staff
            ),
            (
                "/admin/api/v1/{tenant}/participants/{participant}/notes",
                "/admin/api/v1/coffee-shop/participants/1/notes", staff
            ),
        ]
        for (path, target, auth) in creates {
            let schema = try XCTUnwrap(try bodySchema("post", path), "POST \(path) body")
            XCTAssertEqual(
                (try operation("post", path)["requestBody"] as? [String: Any])?["required"] as? Bool, true,
                "POST \(path)")
            let answer = send(.POST, target, auth: auth, body: "{}")
            XCTAssertEqual(answer.status, 422, "POST \(path) {}")
            // `section` is required only where the blueprint has several sections of the kind: a
            // rule of the tenant, which the create schemas' descriptions state.
            let serverRequired = Set(
                answer.problems.filter { $0.message == "required" || $0.message.hasPrefix("required:") }.map(\.field)
            ).subtracting(["section"])
            XCTAssertEqual(
                required(schema), serverRequired, "POST \(path): documented required vs what {} is refused for")
        }
    }

    /// A PATCH without a body, or with `{}`, changes nothing: it answers 422 naming the body, and
    /// the document says the body is required and needs at least one field.
    /// Headers of a signed-in back-office session (cookie and CSRF token), through an invitation.
    func officeSession() throws -> [String: String] {
        let tenantID = h.registry.tenant("coffee-shop")!.id
        let token = try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(tenantID: tenantID, role: .owner, email: nil, now: Date(), conn).0.value
        }
        let accepted = send(
            .POST, "/office/api/invitations/\(token)/accept",
            body: #"{"email":"openapi@example.com","name":"OpenAPI","password":"a long enough passphrase"}"#)
        guard case .object(let root)? = accepted.json, let csrf = root["csrf_token"]?.stringValue,
            let cookie = accepted.headers["Set-Cookie"]?.split(separator: ";").first
        else {
            XCTFail("accepting an invitation answered \(accepted.status)")
            return [:]
        }
        return ["Cookie": String(cookie), "X-CSRF-Token": csrf]
    }

    func test_everyPatch_refusesAMissingOrEmptyBodyAsDocumented() throws {
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let created = send(
            .POST, "/admin/api/v1/coffee-shop/news", auth: staff, body: #"{"section":"news","title":"Hello"}"#)
        XCTAssertEqual(created.status, 201)
        let eventsStaff = ["Authorization": "Bearer " + (try h.staffToken("events-club"))]
        let event = send(
            .POST, "/admin/api/v1/events-club/events", auth: eventsStaff,
            body: #"{"section":"events","title":"Meetup","starts_at":"2030-01-01T18:00:00Z"}"#)
        XCTAssertEqual(event.status, 201)
        func id(_ answer: Answer, _ key: String) -> String {
            guard case .object(let root)? = answer.json, case .object(let o)? = root[key] else { return "" }
            return o["id"].map { $0.stringValue ?? $0.description } ?? ""
        }
        let targets: [String: (target: String, auth: [String: String])] = [
            "/admin/api/v1/{tenant}/news/{post}": ("/admin/api/v1/coffee-shop/news/\(id(created, "post"))", staff),
            "/admin/api/v1/{tenant}/events/{event}": (
                "/admin/api/v1/events-club/events/\(id(event, "event"))", eventsStaff
            ),
            "/admin/api/v1/{tenant}/products/{product}": ("/admin/api/v1/coffee-shop/products/flat-white", staff),
            "/admin/api/v1/{tenant}/quests/{quest}": ("/admin/api/v1/coffee-shop/quests/check-in", staff),
            "/admin/api/v1/{tenant}/dialogs/{conversation}": (
                "/admin/api/v1/coffee-shop/dialogs/\(try conversation())", staff
            ),
            "/office/api/me": ("/office/api/me", try officeSession()),
        ]
        var seen: Set<String> = []
        for (path, operations) in paths where operations["patch"] != nil {
            seen.insert(path)
            let body = try XCTUnwrap(try operation("patch", path)["requestBody"] as? [String: Any], "PATCH \(path)")
            XCTAssertEqual(body["required"] as? Bool, true, "PATCH \(path): body required")
            let schema = resolve(try XCTUnwrap(try bodySchema("patch", path)))
            XCTAssertEqual(schema["minProperties"] as? Int, 1, "PATCH \(path): minProperties")
            let (target, auth) = try XCTUnwrap(targets[path], "\(path): add a callable target to this test")
            for sent in ["", "{}"] {
                let answer = send(.PATCH, target, auth: auth, body: sent)
                XCTAssertEqual(answer.status, 422, "PATCH \(target) with \(sent.isEmpty ? "no body" : sent)")
                XCTAssertEqual(answer.problems.map(\.field), ["body"], "PATCH \(target)")
            }
        }
        XCTAssertEqual(seen, Set(targets.keys), "PATCH operations")
    }

    /// A body schema says `additionalProperties: false` exactly where the server refuses an unknown
    /// field (422 naming it), probed on every body operation the sample tenants can reach.
    func test_bodySchemas_declareAdditionalPropertiesFalseWhereTheServerRefusesUnknownFields() throws {
        let tenants = [
            (
                slug: "coffee-shop",
                values: ["section": "menu", "product": "flat-white", "quest": "check-in", "participant": "1"]
            ),
            (slug: "events-club", values: ["section": "events"]),
        ]
        var probed = 0
        for tenant in tenants {
            let auth = [
                "Authorization": "tma " + Harness.initData(tenant.slug)
            ]
            let staff = ["Authorization": "Bearer " + (try h.staffToken(tenant.slug))]
            for (path, operations) in paths where !path.hasPrefix("/telegram/") {
                for method in operations.keys {
                    guard let schema = try bodySchema(method, path) else { continue }
                    let verb = try XCTUnwrap(HTTPMethod(rawValue: method.uppercased()))
                    var values = tenant.values
                    values["tenant"] = tenant.slug
                    if path.hasPrefix("/api/v1/{tenant}/sections/{section}/quests") { values["section"] = "beans" }
                    let answer = send(
                        verb, fill(path, values), auth: path.hasPrefix("/admin/") ? staff : auth,
                        body: #"{"zz_unknown":1}"#)
                    let refused = answer.status == 422 && answer.problems.contains { $0.field == "zz_unknown" }
                    let closed = closedToExtras(schema)
                    if refused {
                        probed += 1
                        XCTAssertTrue(
                            closed, "\(method) \(path) refuses unknown fields but its body schema allows them")
                    } else if closed {
                        XCTAssertFalse(
                            (200..<300).contains(answer.status),
                            "\(method) \(path) accepts an unknown field its schema forbids")
                    }
                }
            }
        }
        XCTAssertGreaterThan(probed, 8)
    }

    /// Whether the schema (through `$ref` and `allOf`) says `additionalProperties: false`.
    func closedToExtras(_ raw: [String: Any]) -> Bool {
        let schema = resolve(raw)
        if schema["additionalProperties"] as? Bool == false { return true }
        return (schema["allOf"] as? [[String: Any]] ?? []).contains { closedToExtras($0) }
    }

    /// Bodies the server takes conform to the documented request schema, and bodies it refuses
    /// with 422 do not: the document neither forbids what works nor allows what fails.
    func test_requestBodies_acceptedByTheServerAreValidAndRefusedOnesInvalid() throws {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let eventsStaff = ["Authorization": "Bearer " + (try h.staffToken("events-club"))]
        let shop = "/api/v1/{tenant}/sections/{section}"
        let cases:
            [(method: String, path: String, target: String, auth: [String: String], body: String, accepted: Bool)] = [
                (
                    "post", "/admin/api/v1/{tenant}/news", "/admin/api/v1/coffee-shop/news", staff,
                    #"{"section":"news","title":"A"}"#, true
                ),
                (
                    "post", "/admin/api/v1/{tenant}/news", "/admin/api/v1/events-club/news", eventsStaff,
                    #"{"section":null,"title":"B"}"#, true
                ),
                (
                    "post", "/admin/api/v1/{tenant}/news", "/admin/api/v1/events-club/news", eventsStaff,
                    #"{"section":"","title":"C"}"#, false
                ),
                (
                    "post", "/admin/api/v1/{tenant}/products", "/admin/api/v1/coffee-shop/products", staff,
                    #"{"section":null,"key":"gift","title":"Gift","price":500.0}"#, true
                ),
                (
                    "patch", "/admin/api/v1/{tenant}/products/{product}", "/admin/api/v1/coffee-shop/products/gift",
                    staff, #"{"stock":3}"#, true
                ),
                (
                    "post", "/admin/api/v1/{tenant}/events", "/admin/api/v1/events-club/events", eventsStaff,
                    #"{"section":"events","title":"Meetup","starts_at":"2030-01-01T18:00:00Z","capacity":10.0}"#, true
                ),
                (
                    "post", "/api/v1/{tenant}/sections/{section}/events/{event}/registrations",
                    "/api/v1/events-club/sections/events/events/1/registrations",
                    ["Authorization": "tma " + Harness.initData("events-club")],
                    #"{"values":{"name":42.0,"email":"ann@example.com"}}"#, true
                ),
                (
                    "post", shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/flat-white", auth,
                    #"{"quantity":2.0}"#, true
                ),
                (
                    "post", shop + "/cart/{product}", "/api/v1/coffee-shop/sections/menu/cart/flat-white", auth,
                    #"{"quantity":1,"note":"x"}"#, false
                ),
                (
                    "post", shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", auth, #"{"product":""}"#,
                    false
                ),
                (
                    "post", shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", auth, #"{"quantity":2}"#,
                    false
                ),
                (
                    "post", shop + "/checkout", "/api/v1/coffee-shop/sections/menu/checkout", auth,
                    #"{"product":"filter","quantity":2}"#, true
                ),
                (
                    "post", "/admin/api/v1/{tenant}/participants/{participant}/points",
                    "/admin/api/v1/coffee-shop/participants/1/points", staff,
                    #"{"amount":5.0,"reason":"contest","idempotency_key":"k1"}"#, true
                ),
            ]
        for c in cases {
            let verb = try XCTUnwrap(HTTPMethod(rawValue: c.method.uppercased()))
            let answer = send(verb, c.target, auth: c.auth, body: c.body)
            let schema = try XCTUnwrap(try bodySchema(c.method, c.path), "\(c.method) \(c.path) body")
            let problems = violations(try JSONParser.parse(Array(c.body.utf8)), schema)
            if c.accepted {
                // Past validation: a checkout without a Bot API here ends at 502 when asking for the invoice.
                XCTAssertTrue(
                    (200..<300).contains(answer.status) || answer.status == 502,
                    "\(c.method) \(c.target) \(c.body): \(answer.status) \(answer.problems)")
                XCTAssertEqual(
                    problems, [], "\(c.method) \(c.path): the server takes \(c.body) but the document forbids it")
            } else {
                XCTAssertEqual(answer.status, 422, "\(c.method) \(c.target) \(c.body)")
                XCTAssertNotEqual(
                    problems, [], "\(c.method) \(c.path): the server refuses \(c.body) but the document allows it")
            }
        }
    }

    /// The JSON Schema keywords request bodies use: $ref, allOf, type, enum, required,
    /// properties, additionalProperties false, min/maxLength, minimum/maximum, minProperties, dependentRequired.
    func violations(_ value: JSONValue, _ raw: [String: Any], at path: String = "") -> [String] {
        let schema = resolve(raw)
        var found: [String] = []
        for part in schema["allOf"] as? [[String: Any]] ?? [] { found += violations(value, part, at: path) }
        let types = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String] ?? [])
        if !types.isEmpty {
            let ok = types.contains { type in
                switch (type, value) {
                case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
                    ("number", .int),
                    ("number", .double):
                    true
                case ("integer", _): value.integerValue != nil
                default: false
                }
            }
            if !ok { return found + ["\(path): expected \(types)"] }
        }
        if let options = schema["enum"] as? [String], case .string(let s) = value, !options.contains(s) {
            found.append("\(path): not in enum")
        }
        if case .string(let s) = value {
            if let min = schema["minLength"] as? Int, s.count < min { found.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"] as? Int, s.count > max { found.append("\(path): longer than \(max)") }
        }
        if let n = value.doubleValue {
            if let min = schema["minimum"] as? Double, n < min { found.append("\(path): below \(min)") }
            if let max = schema["maximum"] as? Double, n > max { found.append("\(path): above \(max)") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path)/\(key): missing")
            }
            if let min = schema["minProperties"] as? Int, object.keys.count < min {
                found.append("\(path): fewer than \(min) properties")
            }
            for (key, needs) in schema["dependentRequired"] as? [String: [String]] ?? [:] where object[key] != nil {
                for other in needs where object[other] == nil { found.append("\(path)/\(key): needs \(other)") }
            }
            for key in object.keys {
                if let sub = properties[key] {
                    found += violations(object[key]!, sub, at: "\(path)/\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path)/\(key): not allowed")
                }
            }
        }
        return found
    }

    /// Request text never holds a NUL (the router answers 400 `invalid_text`), so every string a
    /// request may carry, and every member name of a free-form object, says so with a pattern.
    func test_requestText_declaresThatItHoldsNoNUL() throws {
        var unmarked: [String] = []
        var visited: Set<String> = []
        func walk(_ raw: [String: Any], _ at: String) {
            if let ref = raw["$ref"] as? String {
                guard visited.insert(ref).inserted else { return }
                return walk(resolve(raw), ref)
            }
            let types = (raw["type"] as? String).map { [$0] } ?? (raw["type"] as? [String] ?? [])
            if types.contains("string") && raw["pattern"] == nil && raw["enum"] == nil && raw["const"] == nil {
                unmarked.append(at)
            }
            if types.contains("object") || raw["properties"] != nil, raw["additionalProperties"] as? Bool != false,
                ((raw["propertyNames"] as? [String: Any])?["pattern"]) == nil
            {
                unmarked.append("\(at) (member names)")
            }
            for (key, sub) in raw["properties"] as? [String: [String: Any]] ?? [:] { walk(sub, "\(at)/\(key)") }
            if let extra = raw["additionalProperties"] as? [String: Any] { walk(extra, "\(at)/*") }
            if let items = raw["items"] as? [String: Any] { walk(items, "\(at)/items") }
            for key in ["allOf", "anyOf", "oneOf"] {
                for (i, sub) in (raw[key] as? [[String: Any]] ?? []).enumerated() { walk(sub, "\(at)/\(key)/\(i)") }
            }
        }
        for (path, operations) in paths {
            for (method, raw) in operations {
                let operation = raw as? [String: Any] ?? [:]
                for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                    walk(parameter["schema"] as? [String: Any] ?? [:], "\(method) \(path) \(parameter["name"] ?? "")")
                }
                if let schema = try bodySchema(method, path) { walk(schema, "\(method) \(path) body") }
            }
        }
        XCTAssertEqual(unmarked, [], "request text without a NUL-excluding pattern")
    }
}
