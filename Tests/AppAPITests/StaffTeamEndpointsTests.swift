import Foundation
import Kernel
import Postgres
import Staff
import XCTest

/// The Team screen's staff API: members and invitations, inviting, role changes, removals and
/// withdrawn invitations, with the last-owner rule and the audit log. (Extends
/// `OfficeSessionTests` for accepting invitations the way the office does.)
extension OfficeSessionTests {
    func test_teamAPI_invitesChangesRolesRemovesAndKeepsTheLastOwner() throws {
        let owner = try h.staffToken("coffee-shop", role: .owner)
        let base = "/admin/api/v1/coffee-shop/staff"
        let empty = try h.admin("GET", base, token: owner)
        XCTAssertEqual(empty.status, 200, empty.text)
        XCTAssertEqual((empty.json["members"] as? [Any])?.count, 0)

        // Bad input changes nothing.
        for body: [String: Any] in [
            ["role": "boss"], ["name": "x"], ["role": "manager", "email": "not-an-email"],
            ["role": "manager", "expires_in_hours": 0], ["role": "manager", "colour": "red"],
        ] {
            let bad = try h.admin("POST", base + "/invitations", token: owner, body: body)
            XCTAssertEqual(bad.status, 422, "\(body): \(bad.text)")
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM platform.staff_links"), 0)

        let invited = try h.admin(
            "POST", base + "/invitations", token: owner,
            body: ["role": "owner", "name": "Olga", "email": "olga@example.com", "expires_in_hours": 2])
        XCTAssertEqual(invited.status, 201, invited.text)
        let invitation = try XCTUnwrap(invited.json["invitation"] as? [String: Any])
        let link = try XCTUnwrap(invitation["link"] as? String)
        XCTAssertTrue(link.hasPrefix("/office/invite/"), link)
        let expires = try XCTUnwrap(Instant.parse(try XCTUnwrap(invitation["expires_at"] as? String)))
        XCTAssertEqual(expires.timeIntervalSinceNow, 7200, accuracy: 60)
        let token = String(link.dropFirst("/office/invite/".count))
        let audited = try h.pool.query(
            "SELECT after::text FROM t_coffee_shop.audit_log WHERE action = 'invitations.create'"
        ).first!.decode(String.self, 0)
        XCTAssertFalse(audited.contains(token), "the audit log keeps no link: \(audited)")
        let listed = try h.admin("GET", base, token: owner)
        XCTAssertEqual((listed.json["invitations"] as? [[String: Any]])?.first?["email"] as? String, "olga@example.com")

        XCTAssertNotNil(try accept(token, email: "olga@example.com").1)
        let mia = try h.admin("POST", base + "/invitations", token: owner, body: ["role": "support"])
        let miaToken = String((try XCTUnwrap((mia.json["invitation"] as? [String: Any])?["link"] as? String)).split(separator: "/").last!)
        XCTAssertNotNil(try accept(miaToken, email: "mia@example.com").1)
        let team = try h.admin("GET", base, token: owner)
        let members = try XCTUnwrap(team.json["members"] as? [[String: Any]])
        XCTAssertEqual(members.map { $0["email"] as? String }, ["mia@example.com", "olga@example.com"])
        XCTAssertEqual(members.map { $0["role"] as? String }, ["support", "owner"])
        XCTAssertNotNil(members[0]["last_sign_in_at"] as? String, "accepting signed in")
        XCTAssertEqual(members[0]["telegram_linked"] as? Bool, false)
        let olga = try XCTUnwrap(members[1]["id"] as? Int)
        let miaID = try XCTUnwrap(members[0]["id"] as? Int)

        // The last owner can be neither demoted nor removed, with a clear error.
        let demote = try h.admin("PATCH", base + "/members/\(olga)", token: owner, body: ["role": "manager"])
        XCTAssertEqual(demote.status, 409, demote.text)
        XCTAssertEqual(demote.errorCode, "last_owner")
        XCTAssertEqual(try h.admin("DELETE", base + "/members/\(olga)", token: owner).errorCode, "last_owner")
        XCTAssertEqual(try h.admin("PATCH", base + "/members/\(miaID)", token: owner, body: ["role": "owner"]).status, 200)
        let demoted = try h.admin("PATCH", base + "/members/\(olga)", token: owner, body: ["role": "manager"])
        XCTAssertEqual((demoted.json["member"] as? [String: Any])?["role"] as? String, "manager", demoted.text)
        XCTAssertEqual(try h.admin("PATCH", base + "/members/\(olga)", token: owner, body: ["role": "chief"]).status, 422)
        XCTAssertEqual(try h.admin("DELETE", base + "/members/\(olga)", token: owner).status, 204)
        XCTAssertEqual(try h.admin("GET", base + "/members/\(olga)", token: owner).errorCode, "member_not_found")
        XCTAssertEqual(try h.admin("DELETE", base + "/members/\(olga)", token: owner).errorCode, "member_not_found")
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM platform.staff_people WHERE email = 'olga@example.com'"), 1,
            "the account stays")

        // A withdrawn invitation no longer opens.
        let spare = try h.admin("POST", base + "/invitations", token: owner, body: ["role": "analyst"])
        let spareInvitation = try XCTUnwrap(spare.json["invitation"] as? [String: Any])
        let spareID = try XCTUnwrap(spareInvitation["id"] as? Int)
        XCTAssertEqual(try h.admin("DELETE", base + "/invitations/\(spareID)", token: owner).status, 204)
        XCTAssertEqual(
            try h.admin("DELETE", base + "/invitations/\(spareID)", token: owner).errorCode, "invitation_not_found")
        let spareToken = String((spareInvitation["link"] as! String).split(separator: "/").last!)
        XCTAssertEqual(try h.call("GET", "/office/api/invitations/\(spareToken)").errorCode, "invitation_expired")
        XCTAssertEqual(try h.admin("GET", base, token: owner).json["invitations"] as? [Any] as? [Int], [])

        XCTAssertEqual(
            try h.count(
                """
                SELECT count(*) FROM t_coffee_shop.audit_log
                WHERE action IN ('invitations.create', 'invitations.delete', 'members.update', 'members.delete')
                """), 7)
        // Another tenant's staff is not this tenant's to see.
        XCTAssertEqual(try h.admin("GET", "/admin/api/v1/events-club/staff/members/\(miaID)", token: try h.staffToken("events-club")).errorCode, "member_not_found")
    }
}
