import Foundation
import Kernel
import Postgres
import Tenancy

/// A tenant's staff as the Team screen, the staff API and `tessera staff` manage it: one set of
/// rules (a tenant keeps an owner; a link works once) for all three.
extension StaffAccounts {
    /// A member of a tenant's staff.
    public struct Member: Sendable, Equatable {
        public var person: StaffPerson
        public var role: StaffRole
        /// When the person last started a back-office session (nil: never).
        public var lastSignInAt: Date?
    }

    /// The tenant's members (by email) and its pending invitations (newest first).
    public func team(tenantID: Int64, now: Date = Date()) throws -> (members: [Member], invitations: [StaffLink]) {
        try pool.withConnection { conn in
            let lastSignIns = try lastSignIn(tenantID: tenantID, conn)
            let members = try directory.members(tenantID: tenantID, conn).map { person, membership in
                Member(person: person, role: membership.role, lastSignInAt: lastSignIns[person.id])
            }
            return (members, try links.pendingInvitations(tenantID: tenantID, now: now, conn))
        }
    }

    /// One member of the tenant's staff, or nil.
    public func member(personID: Int64, tenantID: Int64) throws -> Member? {
        try team(tenantID: tenantID).members.first { $0.person.id == personID }
    }

    /// The email addresses of the people invitations name, by person id.
    public func invitedEmails(_ invitations: [StaffLink]) throws -> [Int64: String] {
        let ids = Set(invitations.compactMap(\.personID))
        guard !ids.isEmpty else { return [:] }
        return try pool.withConnection { conn in
            var emails: [Int64: String] = [:]
            for id in ids { emails[id] = try directory.person(id: id, conn)?.email }
            return emails
        }
    }

    /// A one-time invitation to the tenant's staff (`StaffLinkStore.createInvitation`).
    public func invite(
        tenantID: Int64, role: StaffRole, email: EmailAddress?, displayName: String = "", lifetime: TimeInterval? = nil,
        now: Date = Date()
    ) throws -> (StaffSecretToken, StaffLink) {
        try pool.withConnection {
            try links.createInvitation(
                tenantID: tenantID, role: role, email: email, displayName: displayName, lifetime: lifetime, now: now, $0)
        }
    }

    /// Withdraws a pending invitation; false when the tenant has no such pending invitation.
    public func revokeInvitation(id: Int64, tenantID: Int64, now: Date = Date()) throws -> Bool {
        try pool.withConnection { try links.revokeInvitation(id: id, tenantID: tenantID, now: now, $0) }
    }

    /// Changes a member's role; refuses to demote the tenant's last owner (`lastOwner`).
    public func setRole(_ role: StaffRole, personID: Int64, tenant: TenantRecord) throws {
        try pool.withConnection { try directory.setRole(role, personID: personID, tenant: tenant, $0) }
    }

    /// Takes a member off the tenant's staff; refuses the tenant's last owner (`lastOwner`).
    public func removeMember(personID: Int64, tenant: TenantRecord) throws {
        try pool.withConnection { try directory.removeMember(personID: personID, tenant: tenant, $0) }
    }

    /// The tenant's record in the platform directory (for the calls above).
    public func tenantRecord(_ slug: TenantSlug) throws -> TenantRecord? {
        try pool.withConnection { try TenantCatalog().find(slug, $0) }
    }

    private func lastSignIn(tenantID: Int64, _ conn: PostgresConnection) throws -> [Int64: Date] {
        let p = TenantCatalog.platformSchema
        var result: [Int64: Date] = [:]
        for row in try conn.query(
            """
            SELECT s.person_id, max(s.created_at) FROM \(ident: p).staff_sessions s
            JOIN \(ident: p).staff_memberships m ON m.person_id = s.person_id AND m.tenant_id = \(tenantID)
            GROUP BY s.person_id
            """)
        {
            result[try row.decode(Int64.self, 0)] = try row.decode(Date.self, 1)
        }
        return result
    }
}
