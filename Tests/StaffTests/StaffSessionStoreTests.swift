import Foundation
import Postgres
import Staff
import XCTest

final class StaffSessionStoreTests: XCTestCase {
    func test_active_listsLiveSessions_andPruneDeletesEndedOnes() throws {
        let fixture = try StaffFixture()
        defer { fixture.close() }
        let cafe = try fixture.tenant("cafe")
        let person = try fixture.staff("s@example.com", .owner, of: cafe).person
        let store = StaffSessionStore(policy: SessionPolicy(lifetime: 3600, idleTimeout: 600, touchInterval: 60))
        let now = StaffFixture.now
        try fixture.pool.withConnection { conn in
            let (_, later) = try store.create(
                personID: person.id, address: "2001:db8::1", userAgent: "Agent\u{0}With\u{7}Controls",
                now: now.addingTimeInterval(100), conn)
            XCTAssertEqual(later.userAgent, "AgentWithControls", "control characters are dropped")
            let (revokedToken, _) = try store.create(personID: person.id, address: "", userAgent: "", now: now, conn)
            XCTAssertTrue(try store.revoke(token: revokedToken.value, now: now, conn))
            XCTAssertFalse(
                try store.revoke(sessionID: later.id, personID: person.id + 1, now: now, conn), "only the person's own")

            // The fixture's session (seen at `now`) and `later`; not the revoked one.
            XCTAssertEqual(try store.active(personID: person.id, now: now.addingTimeInterval(200), conn).count, 2)
            XCTAssertEqual(
                try store.active(personID: person.id, now: now.addingTimeInterval(650), conn).map(\.id), [later.id])

            XCTAssertEqual(try store.prune(endedBefore: now.addingTimeInterval(1), conn), 1, "the revoked one")
            XCTAssertEqual(try store.prune(endedBefore: now.addingTimeInterval(3700), conn), 2)
            XCTAssertEqual(
                try conn.query("SELECT count(*) FROM platform.staff_sessions").first!.decode(Int64.self, 0), 0)
        }
    }

    func test_pendingInvitations_excludeUsedAndExpired() throws {
        let fixture = try StaffFixture()
        defer { fixture.close() }
        let cafe = try fixture.tenant("cafe")
        let bakery = try fixture.tenant("bakery")
        let now = StaffFixture.now
        let links = StaffLinkStore()
        try fixture.staff("used@example.com", .manager, of: cafe)
        try fixture.pool.withConnection { conn in
            let (_, open) = try links.createInvitation(tenantID: cafe.id, role: .support, email: nil, now: now, conn)
            _ = try links.createInvitation(tenantID: cafe.id, role: .support, email: nil, lifetime: 60, now: now, conn)
            let (_, other) = try links.createInvitation(tenantID: bakery.id, role: .owner, email: nil, now: now, conn)
            XCTAssertEqual(
                try links.pendingInvitations(tenantID: cafe.id, now: now.addingTimeInterval(60), conn).map(\.id),
                [open.id])
            XCTAssertEqual(
                try links.pendingInvitations(tenantID: nil, now: now.addingTimeInterval(60), conn).map(\.id),
                [other.id, open.id])
        }
    }
}
