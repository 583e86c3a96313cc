import Foundation
import Kernel
import Postgres
import Staff
import XCTest

/// Every staff write route and every `/office/api/` change, fed bad input: wrong JSON types,
/// strings over their limit, numbers over Int64, NUL, unknown fields, invalid UTF-8, bodies that
/// are not objects and a 10 MB body. Each answers a 4xx that names the field (the documented
/// fields come from docs/openapi.json), and nothing changes — the audit log included.
final class BadInputTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }
    var bodies: DocumentedBodies!

    override func setUpWithError() throws {
        f = try SecurityFixture()
        bodies = try DocumentedBodies()
    }
    override func tearDown() { f?.stop() }

    /// One bad body and the field its answer must name (nil: any clear 4xx).
    struct Probe {
        var name: String
        var body: Data
        var field: String?
    }

    static func json(_ object: Any) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    /// `valid` with `field` set to the raw JSON `value`.
    static func raw(_ valid: [String: Any], _ field: String, _ value: String) -> Data {
        var rest = valid
        rest[field] = nil
        var text = String(decoding: json(rest), as: UTF8.self)
        text.removeLast()
        return Data(((text == "{" ? "{" : text + ",") + "\"\(field)\":\(value)}").utf8)
    }

    /// The bad bodies for a route, derived from its documented body (if any).
    func probes(_ method: String, _ pattern: String) -> [Probe] {
        let valid = bodies.validBody(method, pattern)
        var out = [
            Probe(name: "an unknown field", body: Self.json(valid.merging(["zz_unknown": 1]) { a, _ in a }), field: "zz_unknown"),
            Probe(name: "invalid UTF-8", body: Data("{\"title\":\"".utf8) + Data([0xFF, 0xFE, 0x41]) + Data("\"}".utf8), field: nil),
            Probe(name: "an array", body: Data("[1,2]".utf8), field: nil),
            Probe(name: "a JSON string", body: Data("\"hello\"".utf8), field: nil),
            Probe(name: "not JSON", body: Data("{title: x".utf8), field: nil),
        ]
        guard let body = bodies.body(method, pattern) else { return out }
        for (name, property) in body.properties.sorted(by: { $0.key < $1.key }) {
            let type = DocumentedBodies.type(property)
            let wrong: String =
                switch type {
                case "string": "12345"
                case "integer", "number": "\"12\""
                case "boolean": "\"yes\""
                case "enum": "7"
                default: "\"not a \(type)\""
                }
            out.append(Probe(name: "\(name) as the wrong type", body: Self.raw(valid, name, wrong), field: name))
            if type == "string" {
                out.append(Probe(name: "\(name) with NUL", body: Self.raw(valid, name, "\"a\\u0000b\""), field: name))
                let limit = property["maxLength"] as? Int ?? 100_000
                out.append(
                    Probe(name: "\(name) over \(limit) characters", body: Self.raw(valid, name, "\"" + String(repeating: "a", count: limit + 1) + "\""), field: name))
            }
            if type == "integer" || type == "number" {
                out.append(Probe(name: "\(name) over Int64", body: Self.raw(valid, name, "9223372036854775808"), field: name))
                out.append(Probe(name: "\(name) as 1e400", body: Self.raw(valid, name, "1e400"), field: name))
            }
        }
        return out
    }

    func snapshot(_ slug: String) throws -> [String: String] {
        var all = try f.dump(SecurityFixture.schema(slug))
        for (table, digest) in try f.dump("platform") where table != "staff_sessions" { all["platform." + table] = digest }
        return all
    }

    func check(_ key: String, _ reply: Harness.Reply, _ probe: Probe) {
        XCTAssertTrue((400..<500).contains(reply.status), "\(key) with \(probe.name): \(reply.status) \(reply.text)")
        XCTAssertNotNil(reply.errorCode, "\(key) with \(probe.name): \(reply.text)")
        if let field = probe.field {
            XCTAssertTrue(reply.detailFields.contains(field), "\(key) with \(probe.name) must name \(field): \(reply.status) \(reply.text)")
        }
    }

    func test_everyStaffWriteRoute_refusesBadInputNamingTheField_andChangesNothing() throws {
        let writes = f.staffRoutes.filter { $0.method != .GET }
        for endpoint in writes {
            let key = SecurityFixture.key(endpoint)
            let slug = try f.victim(of: endpoint)
            let path = try f.path(endpoint, on: slug)
            let method = endpoint.method.rawValue
            let before = try snapshot(slug)
            for probe in probes(method, endpoint.pattern) {
                let reply = try h.call(
                    method, path, body: probe.body,
                    headers: ["Authorization": "Bearer " + f.token(slug)])
                check(key, reply, probe)
            }
            let changed = SecurityFixture.changed(before, try snapshot(slug))
            XCTAssertEqual(changed, [], "\(key): bad input changed \(changed)")
        }
    }

    func test_everyOfficeAPIChange_refusesBadInputNamingTheField_andChangesNothing() throws {
        for endpoint in f.officeAPIRoutes where endpoint.method != .GET {
            let key = SecurityFixture.key(endpoint)
            let method = endpoint.method.rawValue
            let path = try realPath(endpoint.pattern)
            let session = try f.signIn("coffee-shop", role: .manager, email: "bad-\(UUID().uuidString.prefix(8))@example.com")
            let before = try snapshot("coffee-shop")
            for probe in probes(method, endpoint.pattern) {
                let reply = try f.office(method, path, session, body: probe.body)
                check(key, reply, probe)
            }
            let changed = SecurityFixture.changed(before, try snapshot("coffee-shop"))
            XCTAssertEqual(changed, [], "\(key): bad input changed \(changed)")
        }
    }

    /// A 10 MB body is refused before it is read (413), on every write route.
    func test_aTenMegabyteBody_is413_onEveryWriteRoute() throws {
        let huge = Data("{\"title\":\"".utf8) + Data(repeating: UInt8(ascii: "a"), count: 10 * 1_048_576) + Data("\"}".utf8)
        let before = try snapshot("coffee-shop")
        let staff = try f.staffRoutes.filter { $0.method != .GET }.map { endpoint -> (String, String) in
            let slug = try f.victim(of: endpoint)
            return (endpoint.method.rawValue, try f.path(endpoint, on: slug))
        }
        let office = f.officeAPIRoutes.filter { $0.method != .GET }.map {
            ($0.method.rawValue, $0.pattern.replacingOccurrences(of: "{token}", with: "tsl_not-a-link"))
        }
        for (method, path) in staff + office {
            let reply = try h.call(method, path, body: huge, headers: ["Authorization": "Bearer " + f.token("coffee-shop")])
            XCTAssertEqual(reply.status, 413, "\(method) \(path): \(reply.text)")
            XCTAssertEqual(reply.errorCode, "content_too_large", "\(method) \(path)")
        }
        XCTAssertEqual(SecurityFixture.changed(before, try snapshot("coffee-shop")), [])
    }

    /// A path with a real one-time link where the route takes one, so a bad body is refused
    /// while the link would still work (and stays unused).
    func realPath(_ pattern: String) throws -> String {
        guard pattern.contains("{token}") else { return pattern }
        let tenantID = try h.tenantID("coffee-shop")
        let token = try h.pool.withConnection { conn -> String in
            let person = try StaffDirectory().findOrCreate(email: try EmailAddress("linked@example.com"), displayName: "Linked", conn)
            if pattern.hasPrefix("/office/api/invitations/") {
                let email = try EmailAddress("invited-\(UUID().uuidString.prefix(8))@example.com")
                return try StaffLinkStore().createInvitation(tenantID: tenantID, role: .support, email: email, now: Date(), conn).0.value
            }
            if pattern.hasPrefix("/office/api/password-resets/") {
                return try StaffLinkStore().createPasswordReset(personID: person.id, now: Date(), conn).0.value
            }
            return try StaffLinkStore().createTelegramSignIn(personID: person.id, tenantID: tenantID, now: Date(), conn).0.value
        }
        return pattern.replacingOccurrences(of: "{token}", with: token)
    }
}
