import Foundation
import Kernel
import XCTest

@testable import AppAPI

/// The role table, checked over HTTP for every staff route the areas register: each role gets
/// exactly what `StaffRole.allows` gives it, and every route is listed here with the permission
/// it is meant to need — a new route without a row fails `test_everyStaffRoute_isInTheTable`.
final class StaffRoleTableTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    /// Every staff route and the permission it must declare.
    static let table: [String: StaffPermission] = [
        "GET /admin/api/v1/{tenant}/news": .read(.content),
        "POST /admin/api/v1/{tenant}/news": .write(.content),
        "GET /admin/api/v1/{tenant}/news/{post}": .read(.content),
        "PATCH /admin/api/v1/{tenant}/news/{post}": .write(.content),
        "DELETE /admin/api/v1/{tenant}/news/{post}": .delete(.content),
        "GET /admin/api/v1/{tenant}/events": .read(.content),
        "POST /admin/api/v1/{tenant}/events": .write(.content),
        "GET /admin/api/v1/{tenant}/events/{event}": .read(.content),
        "PATCH /admin/api/v1/{tenant}/events/{event}": .write(.content),
        "DELETE /admin/api/v1/{tenant}/events/{event}": .delete(.content),
        "GET /admin/api/v1/{tenant}/events/{event}/registrations": .read(.orders),
        "POST /admin/api/v1/{tenant}/events/{event}/registrations/{registration}/refund": .money(.orders),
        "GET /admin/api/v1/{tenant}/products": .read(.content),
        "POST /admin/api/v1/{tenant}/products": .write(.content),
        "GET /admin/api/v1/{tenant}/products/{product}": .read(.content),
        "PATCH /admin/api/v1/{tenant}/products/{product}": .write(.content),
        "DELETE /admin/api/v1/{tenant}/products/{product}": .delete(.content),
        "GET /admin/api/v1/{tenant}/orders": .read(.orders),
        "GET /admin/api/v1/{tenant}/orders/{order}": .read(.orders),
        "POST /admin/api/v1/{tenant}/orders/{order}/refund": .money(.orders),
        "POST /admin/api/v1/{tenant}/orders/{order}/ship": .write(.orders),
        "GET /admin/api/v1/{tenant}/payments": .read(.finance),
        "POST /admin/api/v1/{tenant}/payments/{payment}/refund": .money(.finance),
        "GET /admin/api/v1/{tenant}/quests": .read(.content),
        "PATCH /admin/api/v1/{tenant}/quests/{quest}": .write(.content),
        "GET /admin/api/v1/{tenant}/participants/{participant}/points": .read(.finance),
        "POST /admin/api/v1/{tenant}/participants/{participant}/points": .money(.finance),
        "GET /admin/api/v1/{tenant}/overview": .read(.people),
        "GET /admin/api/v1/{tenant}/ratings": .read(.content),
        "GET /admin/api/v1/{tenant}/ratings/{board}": .read(.content),
        "POST /admin/api/v1/{tenant}/participants/{participant}/ban": .write(.people),
        "DELETE /admin/api/v1/{tenant}/participants/{participant}/ban": .write(.people),
        "GET /admin/api/v1/{tenant}/bans": .read(.people),
        "GET /admin/api/v1/{tenant}/participants/{participant}/bans": .read(.people),
        "GET /admin/api/v1/{tenant}/participants/{participant}/contact": .read(.people),
        "GET /admin/api/v1/{tenant}/contacts": .read(.people),
        "GET /admin/api/v1/{tenant}/contacts/export.csv": .export(.people),
        "GET /admin/api/v1/{tenant}/participants": .read(.people),
        "GET /admin/api/v1/{tenant}/participants/export.csv": .export(.people),
        "GET /admin/api/v1/{tenant}/participants/{participant}": .read(.people),
        "GET /admin/api/v1/{tenant}/participants/{participant}/timeline": .read(.people),
        "POST /admin/api/v1/{tenant}/participants/{participant}/tags/{tag}": .write(.people),
        "DELETE /admin/api/v1/{tenant}/participants/{participant}/tags/{tag}": .write(.people),
        "POST /admin/api/v1/{tenant}/participants/{participant}/notes": .write(.people),
        "GET /admin/api/v1/{tenant}/audit": .read(.audit),
        "GET /admin/api/v1/{tenant}/jobs": .read(.jobs),
        "POST /admin/api/v1/{tenant}/jobs/{job}/retry": .write(.jobs),
        "POST /admin/api/v1/{tenant}/jobs/{job}/cancel": .write(.jobs),
        "GET /admin/api/v1/{tenant}/staff": .read(.staff),
        "POST /admin/api/v1/{tenant}/staff/invitations": .write(.staff),
        "DELETE /admin/api/v1/{tenant}/staff/invitations/{invitation}": .delete(.staff),
        "GET /admin/api/v1/{tenant}/staff/members/{member}": .read(.staff),
        "PATCH /admin/api/v1/{tenant}/staff/members/{member}": .write(.staff),
        "DELETE /admin/api/v1/{tenant}/staff/members/{member}": .delete(.staff),
        "GET /admin/api/v1/{tenant}/dialogs": .read(.dialogs),
        "GET /admin/api/v1/{tenant}/dialog-updates": .read(.dialogs),
        "GET /admin/api/v1/{tenant}/dialogs/{conversation}": .read(.dialogs),
        "PATCH /admin/api/v1/{tenant}/dialogs/{conversation}": .write(.dialogs),
        "POST /admin/api/v1/{tenant}/dialogs/{conversation}/read": .write(.dialogs),
        "GET /admin/api/v1/{tenant}/dialogs/{conversation}/messages": .read(.dialogs),
        "POST /admin/api/v1/{tenant}/dialogs/{conversation}/messages": .write(.dialogs),
        "GET /admin/api/v1/{tenant}/dialogs/{conversation}/messages/{message}/file": .read(.dialogs),
        "GET /admin/api/v1/{tenant}/dialog-assignees": .read(.dialogs),
        "GET /admin/api/v1/{tenant}/dialog-forum": .read(.dialogs),
        "PUT /admin/api/v1/{tenant}/dialog-forum": .write(.staff),
        "DELETE /admin/api/v1/{tenant}/dialog-forum": .write(.staff),
    ]

    var staffRoutes: [(key: String, endpoint: Endpoint, permission: StaffPermission)] {
        h.context.areas.flatMap(\.endpoints).compactMap { endpoint in
            endpoint.permission.map { ("\(endpoint.method.rawValue) \(endpoint.pattern)", endpoint, $0) }
        }
    }

    func test_everyStaffRoute_isInTheTable() {
        let registered = Dictionary(staffRoutes.map { ($0.key, $0.permission) }, uniquingKeysWith: { a, _ in a })
        for (key, permission) in registered {
            XCTAssertEqual(Self.table[key], permission, "\(key): declares \(permission); add it to the role table with its intended permission")
        }
        XCTAssertEqual(Set(registered.keys), Set(Self.table.keys))
    }

    func test_eachRole_getsExactlyWhatTheTableAllows() throws {
        var tokens: [StaffRole: String] = [:]
        for role in StaffRole.allCases { tokens[role] = try h.staffToken("coffee-shop", role: role) }
        for (key, endpoint, permission) in staffRoutes {
            let path = endpoint.pattern.replacingOccurrences(of: "{tenant}", with: "coffee-shop")
                .replacingOccurrences(of: #"\{[a-z]+\}"#, with: "999999", options: .regularExpression)
            for role in StaffRole.allCases {
                let reply = try h.admin(endpoint.method.rawValue, path, token: try XCTUnwrap(tokens[role], "no \(role.rawValue) token"), body: endpoint.method == .GET ? nil : [String: Any]())
                let refused = reply.status == 403 && reply.errorCode == "forbidden_role"
                XCTAssertEqual(refused, !role.allows(permission), "\(role.rawValue) → \(key): \(reply.status) \(reply.text)")
            }
        }
    }

    func test_roleTable_matchesTheDocumentedRules() {
        // Owner: everything.
        for domain in StaffDomain.allCases {
            for access in StaffAccess.allCases { XCTAssertTrue(StaffRole.owner.allows(StaffPermission(access, domain))) }
        }
        // Manager: no deleting, no money, no managing staff, no audit log.
        XCTAssertTrue(StaffRole.manager.allows(.write(.content)))
        XCTAssertTrue(StaffRole.manager.allows(.export(.people)))
        XCTAssertFalse(StaffRole.manager.allows(.delete(.content)))
        XCTAssertFalse(StaffRole.manager.allows(.money(.orders)))
        XCTAssertFalse(StaffRole.manager.allows(.write(.staff)))
        XCTAssertFalse(StaffRole.manager.allows(.read(.audit)))
        // Support: people and dialogs, orders read-only, no finance, no exports.
        XCTAssertTrue(StaffRole.support.allows(.write(.people)))
        XCTAssertTrue(StaffRole.support.allows(.write(.dialogs)))
        XCTAssertTrue(StaffRole.support.allows(.read(.orders)))
        XCTAssertFalse(StaffRole.support.allows(.write(.orders)))
        XCTAssertFalse(StaffRole.support.allows(.read(.finance)))
        XCTAssertFalse(StaffRole.support.allows(.read(.content)))
        XCTAssertFalse(StaffRole.support.allows(.export(.people)))
        // Analyst: read-only everywhere, exports included; not staff accounts or the audit log.
        XCTAssertTrue(StaffRole.analyst.allows(.read(.finance)))
        XCTAssertTrue(StaffRole.analyst.allows(.export(.people)))
        XCTAssertFalse(StaffRole.analyst.allows(.write(.people)))
        XCTAssertFalse(StaffRole.analyst.allows(.read(.audit)))
    }
}
