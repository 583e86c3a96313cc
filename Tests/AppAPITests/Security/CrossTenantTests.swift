import Foundation
import Kernel
import XCTest

/// A staff token and a session cookie of one tenant read and write nothing of another — on
/// every staff route the areas register (enumerated from the router, so a new route is checked
/// the day it is added), through exports, search and the dialogs long poll too; and one's own
/// tenant path with another tenant's record ids is a 404. The other tenant's schema is dumped
/// before and after: not one row may change.
final class CrossTenantTests: XCTestCase {
    var f: SecurityFixture!
    var h: Harness { f.h }

    var bodies: DocumentedBodies!

    override func setUpWithError() throws {
        f = try SecurityFixture()
        bodies = try DocumentedBodies()
    }
    override func tearDown() { f?.stop() }

    func test_theEnumeratedRoutes_areTheRoleTablesRoutes() {
        XCTAssertEqual(Set(f.staffRoutes.map(SecurityFixture.key)), Set(StaffRoleTableTests.table.keys))
        XCTAssertFalse(f.officeAPIRoutes.isEmpty)
    }

    func test_everyStaffRoute_withAnotherTenantsTokenOrSession_isRefusedAndChangesNothing() throws {
        for endpoint in f.staffRoutes {
            let key = SecurityFixture.key(endpoint)
            let victim = try f.victim(of: endpoint)
            let attacker = SecurityFixture.other(victim)
            let path = try f.path(endpoint, on: victim)
            let method = endpoint.method.rawValue
            let body: Any? = endpoint.method == .GET ? nil : [String: Any]()
            let schema = SecurityFixture.schema(victim)
            let before = try f.dump(schema)
            let byToken = try h.admin(method, path, token: try f.token(attacker), body: body)
            let bySession = try f.office(method, path, try f.session(attacker), body: body)
            for (how, reply) in [("token", byToken), ("session", bySession)] {
                XCTAssertTrue([403, 404].contains(reply.status), "\(key) with \(attacker)'s \(how): \(reply.status) \(reply.text)")
                XCTAssertFalse(reply.text.contains(SecurityFixture.marker(victim)), "\(key) leaks: \(reply.text)")
            }
            XCTAssertEqual(SecurityFixture.changed(before, try f.dump(schema)), [], "\(key) changed \(victim)")
        }
    }

    func test_ownTenantsPath_withAnotherTenantsRecordIDs_is404() throws {
        var checked = 0
        for endpoint in f.staffRoutes where !SecurityFixture.parameters(endpoint.pattern).filter({ $0 != "tag" }).isEmpty {
            let key = SecurityFixture.key(endpoint)
            let victim = try f.victim(of: endpoint)
            let attacker = SecurityFixture.other(victim)
            // The attacker's own path, every record id the victim's.
            let path = try f.path(endpoint, on: attacker, idsOf: victim)
            let before = try [victim, attacker].map { try f.dump(SecurityFixture.schema($0)) }
            // A body the route accepts, so the answer is about the ids, not the body.
            let reply = try h.admin(
                endpoint.method.rawValue, path, token: try f.token(attacker),
                body: endpoint.method == .GET ? nil : bodies.validBody(endpoint.method.rawValue, endpoint.pattern))
            XCTAssertEqual(reply.status, 404, "\(key) as \(path): \(reply.text)")
            XCTAssertFalse(reply.text.contains(SecurityFixture.marker(victim)), "\(key) leaks: \(reply.text)")
            let after = try [victim, attacker].map { try f.dump(SecurityFixture.schema($0)) }
            XCTAssertEqual(SecurityFixture.changed(before[0], after[0]), [], "\(key) changed \(victim)")
            XCTAssertEqual(SecurityFixture.changed(before[1], after[1]), [], "\(key) changed \(attacker)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20)
    }

    /// Search, the CSV export and the long poll of dialog updates of one tenant never carry
    /// another tenant's people or messages, with a token or a session.
    func test_searchExportsAndTheLongPoll_showOnlyTheirOwnTenant() throws {
        for attacker in SecurityFixture.slugs {
            let victim = SecurityFixture.other(attacker)
            let name = SecurityFixture.marker(victim)
            let base = "/admin/api/v1/\(attacker)"
            let reads = [
                "/participants?q=\(name)", "/participants/export.csv", "/dialogs?q=\(name)", "/dialogs",
                "/dialog-updates?after=0", "/bans", "/audit", "/jobs", "/overview", "/payments", "/news",
            ]
            for read in reads {
                let byToken = try h.admin("GET", base + read, token: try f.token(attacker))
                let bySession = try f.office("GET", base + read, try f.session(attacker))
                for reply in [byToken, bySession] {
                    XCTAssertEqual(reply.status, 200, "\(attacker) \(read): \(reply.text)")
                    XCTAssertFalse(reply.text.contains(name), "\(attacker) \(read) shows \(victim)'s \(name): \(reply.text)")
                }
            }
            // The tenant's own people are there (the checks above could not pass by showing nothing).
            let own = SecurityFixture.marker(attacker)
            XCTAssertTrue(try h.admin("GET", base + "/participants?q=\(own)", token: try f.token(attacker)).text.contains(own))
            XCTAssertTrue(try h.admin("GET", base + "/participants/export.csv", token: try f.token(attacker)).text.contains(own))
            XCTAssertTrue(try h.admin("GET", base + "/dialog-updates?after=0", token: try f.token(attacker)).text.contains(own))
        }
    }

    /// The session API is not per tenant; with one tenant's session, none of its routes changes
    /// or shows anything of another tenant.
    func test_everyOfficeAPIRoute_withOneTenantsSession_changesAndShowsNothingOfAnother() throws {
        let attacker = "coffee-shop"
        let victim = "events-club"
        let schema = SecurityFixture.schema(victim)
        // Sign-out routes last: they end the session the others use.
        let routes = f.officeAPIRoutes.sorted { ($0.pattern.contains("session") && $0.method != .GET ? 1 : 0, SecurityFixture.key($0)) < ($1.pattern.contains("session") && $1.method != .GET ? 1 : 0, SecurityFixture.key($1)) }
        for endpoint in routes {
            let key = SecurityFixture.key(endpoint)
            let path = endpoint.pattern.replacingOccurrences(of: "{token}", with: "tsl_not-a-link")
            let before = try f.dump(schema)
            let reply = try f.office(
                endpoint.method.rawValue, path, try f.session(attacker), body: endpoint.method == .GET ? nil : [String: Any]())
            XCTAssertFalse(reply.text.contains(victim), "\(key) shows \(victim): \(reply.text)")
            XCTAssertEqual(SecurityFixture.changed(before, try f.dump(schema)), [], "\(key) changed \(victim)")
        }
    }
}
