import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// The tenant's staff for the Team screen and the staff API: members with their roles and
/// pending invitations; owners invite (the one-time link is in the answer, once), change roles,
/// take members off the staff and withdraw invitations. The rules are `StaffAccounts`'s, the
/// same `tessera staff` uses; every write is audited by the router like any staff write.
extension StaffArea {
    var teamEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/staff", .read(.staff), listTeam),
            .staff(.POST, "/admin/api/v1/{tenant}/staff/invitations", .write(.staff), inviteMember),
            .staff(.DELETE, "/admin/api/v1/{tenant}/staff/invitations/{invitation}", .delete(.staff), revokeInvitation),
            .staff(.GET, "/admin/api/v1/{tenant}/staff/members/{member}", .read(.staff), showMember),
            .staff(.PATCH, "/admin/api/v1/{tenant}/staff/members/{member}", .write(.staff), updateMember),
            .staff(.DELETE, "/admin/api/v1/{tenant}/staff/members/{member}", .delete(.staff), removeMember),
        ]
    }

    static let memberNotFound = AreaError.notFound(code: "member_not_found", message: "no such member of this tenant's staff")
    static let invitationNotFound = AreaError.notFound(
        code: "invitation_not_found", message: "no such pending invitation (used, expired or withdrawn already)")
    /// Invitation lifetimes the office offers, in hours: up to `StaffLinkStore.maximumLifetime`.
    static let invitationHours = 1...720

    func listTeam(_ call: StaffCall) throws -> HTTPResponse {
        let (members, invitations) = try accounts.team(tenantID: call.tenant.id, now: call.now)
        let emails = try accounts.invitedEmails(invitations)
        return Reply.json([
            "members": .array(members.map(memberJSON)),
            "invitations": .array(
                invitations.map { .object(invitationJSON($0, email: $0.personID.flatMap { emails[$0] })) }),
        ])
    }

    func showMember(_ call: StaffCall) throws -> HTTPResponse {
        Reply.json(["member": memberJSON(try member(call))])
    }

    func inviteMember(_ call: StaffCall) throws -> HTTPResponse {
        var reader = try BodyReader(call.request, allowed: ["role", "name", "email", "expires_in_hours"])
        let role = reader.require("role", reader.string("role", max: 20)).flatMap { raw -> StaffRole? in
            guard let role = StaffRole(rawValue: raw) else {
                reader.fail("role", "expected one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return role
        }
        let name = reader.string("name", max: 100, allowEmpty: true) ?? ""
        let email = reader.string("email", max: 254).flatMap { raw -> EmailAddress? in
            guard let email = try? EmailAddress(raw) else {
                reader.fail("email", StaffAccountError.invalidEmail.description)
                return nil
            }
            return email
        }
        let hours = reader.int("expires_in_hours", Self.invitationHours)
        try reader.finish()
        guard let role else { throw AreaError.invalid("role", "required") }
        let (token, link): (StaffSecretToken, StaffLink)
        do {
            (token, link) = try accounts.invite(
                tenantID: call.tenant.id, role: role, email: email, displayName: name,
                lifetime: hours.map { TimeInterval($0) * 3600 }, now: call.now)
        } catch let error as StaffAccountError {
            throw SessionError(error)
        }
        var json = invitationJSON(link, email: email?.value)
        json["link"] = .string((publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "")
            + StaffLinkKind.invitation.pathPrefix + token.value)
        return Reply.json(["invitation": .object(json)], status: 201)
    }

    func revokeInvitation(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["invitation"], notFound: Self.invitationNotFound)
        guard try accounts.revokeInvitation(id: id, tenantID: call.tenant.id, now: call.now) else {
            throw Self.invitationNotFound
        }
        return Reply.noContent()
    }

    func updateMember(_ call: StaffCall) throws -> HTTPResponse {
        var reader = try BodyReader(call.request, allowed: ["role"], patch: true)
        let role = reader.string("role", max: 20).flatMap { raw -> StaffRole? in
            guard let role = StaffRole(rawValue: raw) else {
                reader.fail("role", "expected one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return role
        }
        try reader.finish()
        guard let role else { throw AreaError.invalid("role", "required") }
        let current = try member(call)
        try teamChange(call) { try accounts.setRole(role, personID: current.person.id, tenant: $0) }
        var changed = current
        changed.role = role
        return Reply.json(["member": memberJSON(changed)])
    }

    func removeMember(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let current = try member(call)
        try teamChange(call) { try accounts.removeMember(personID: current.person.id, tenant: $0) }
        return Reply.noContent()
    }

    /// The member the path names, or 404.
    func member(_ call: StaffCall) throws -> StaffAccounts.Member {
        let id = try pathID(call.params["member"], notFound: Self.memberNotFound)
        guard let member = try accounts.member(personID: id, tenantID: call.tenant.id) else { throw Self.memberNotFound }
        return member
    }

    /// Runs a role change or removal on the tenant's record; the last-owner rule answers 409 `last_owner`.
    func teamChange(_ call: StaffCall, _ change: (TenantRecord) throws -> Void) throws {
        guard let record = try accounts.tenantRecord(call.tenant.slug) else { throw Self.memberNotFound }
        do {
            try change(record)
        } catch StaffAccountError.notMember {
            throw Self.memberNotFound
        } catch let error as StaffAccountError {
            throw SessionError(error)
        }
    }

    func memberJSON(_ member: StaffAccounts.Member) -> JSONValue {
        let person = member.person
        return [
            "id": .int(person.id), "email": .string(person.email), "name": .string(person.displayName),
            "role": .string(member.role.rawValue), "telegram_linked": .bool(person.telegramUserID != nil),
            "status": .string(person.disabled ? "disabled" : person.hasPassword ? "active" : "invited"),
            "last_sign_in_at": member.lastSignInAt.map { .string(Instant.format($0)) } ?? .null,
        ]
    }

    func invitationJSON(_ link: StaffLink, email: String?) -> JSONObject {
        [
            "id": .int(link.id), "role": .string(link.role?.rawValue ?? ""), "name": .string(link.displayName),
            "email": email.map(JSONValue.string) ?? .null, "created_at": .string(Instant.format(link.createdAt)),
            "expires_at": .string(Instant.format(link.expiresAt)),
        ]
    }
}
