import Foundation
import Kernel
import Postgres
import Tenancy
import TesseraCrypto

/// Staff people and their memberships in `platform.staff_people` and `platform.staff_memberships`.
/// Every method takes the connection to run on, so callers compose them into one transaction.
public struct StaffDirectory: Sendable {
    let p = TenantCatalog.platformSchema

    public init() {}

    public func person(id: Int64, _ conn: PostgresConnection) throws -> StaffPerson? {
        try conn.query("SELECT \(unsafeRaw: StaffPerson.columns) FROM \(ident: p).staff_people WHERE id = \(id)").first
            .map { try StaffPerson.decode($0) }
    }

    public func person(email: EmailAddress, _ conn: PostgresConnection) throws -> StaffPerson? {
        try conn.query(
            "SELECT \(unsafeRaw: StaffPerson.columns) FROM \(ident: p).staff_people WHERE lower(email) = \(email.normalized)"
        ).first.map { try StaffPerson.decode($0) }
    }

    /// The person a CLI argument names: a numeric id or an email address.
    public func person(reference: String, _ conn: PostgresConnection) throws -> StaffPerson {
        if let id = Int64(reference), id > 0 {
            guard let person = try person(id: id, conn) else { throw StaffAccountError.unknownPerson("with id \(id)") }
            return person
        }
        guard let email = try? EmailAddress(reference) else {
            throw StaffAccountError.unknownPerson("\"\(reference)\" (give an email address or a numeric id)")
        }
        guard let person = try person(email: email, conn) else {
            throw StaffAccountError.unknownPerson("with email \(email)")
        }
        return person
    }

    /// The person's tenants with their roles, by tenant slug.
    public func memberships(of personID: Int64, _ conn: PostgresConnection) throws -> [StaffMembership] {
        try conn.query(
            """
            SELECT t.id, t.slug, t.title, m.person_id, m.role FROM \(ident: p).staff_memberships m
            JOIN \(ident: p).tenants t ON t.id = m.tenant_id WHERE m.person_id = \(personID) ORDER BY t.slug
            """
        ).map(Self.membership)
    }

    /// Staff of one tenant, or of every tenant when `tenantID` is nil, by tenant then email.
    public func members(tenantID: Int64?, _ conn: PostgresConnection) throws -> [(StaffPerson, StaffMembership)] {
        let filter: SQL = tenantID.map { (id: Int64) -> SQL in "WHERE m.tenant_id = \(id)" } ?? ""
        return try conn.query(
            """
            SELECT t.id, t.slug, t.title, m.person_id, m.role, \(unsafeRaw: StaffPerson.columns("s"))
            FROM \(ident: p).staff_memberships m
            JOIN \(ident: p).tenants t ON t.id = m.tenant_id
            JOIN \(ident: p).staff_people s ON s.id = m.person_id
            \(fragment: filter) ORDER BY t.slug, lower(s.email)
            """
        ).map { row in (try StaffPerson.decode(row, from: 5), try Self.membership(row)) }
    }

    /// Gives the person a role in the tenant; false (and no change) when they already have one.
    @discardableResult
    public func addMember(personID: Int64, tenantID: Int64, role: StaffRole, _ conn: PostgresConnection) throws -> Bool
    {
        try conn.execute(
            """
            INSERT INTO \(ident: p).staff_memberships (tenant_id, person_id, role) VALUES (\(tenantID), \(personID), \(role.rawValue))
            ON CONFLICT (tenant_id, person_id) DO NOTHING
            """) == 1
    }

    /// Changes the person's role in the tenant. Refuses to demote the tenant's last owner.
    public func setRole(_ role: StaffRole, personID: Int64, tenant: TenantRecord, _ conn: PostgresConnection) throws {
        try conn.transaction { conn in
            let current = try lockForOwnerChange(personID: personID, tenant: tenant, conn)
            if current.role == .owner, role != .owner, current.owners <= 1 {
                throw StaffAccountError.lastOwner(tenant: tenant.slug.rawValue)
            }
            try conn.execute(
                """
                UPDATE \(ident: p).staff_memberships SET role = \(role.rawValue), updated_at = now()
                WHERE tenant_id = \(tenant.id) AND person_id = \(personID)
                """)
        }
    }

    /// Removes the person from the tenant's staff (the person stays). Refuses the last owner.
    public func removeMember(personID: Int64, tenant: TenantRecord, _ conn: PostgresConnection) throws {
        try conn.transaction { conn in
            let current = try lockForOwnerChange(personID: personID, tenant: tenant, conn)
            if current.role == .owner, current.owners <= 1 {
                throw StaffAccountError.lastOwner(tenant: tenant.slug.rawValue)
            }
            try conn.execute(
                "DELETE FROM \(ident: p).staff_memberships WHERE tenant_id = \(tenant.id) AND person_id = \(personID)")
        }
    }

    /// Locks the tenant's owner rows and the person's membership, and returns the person's role
    /// and how many owners there are. Two transactions demoting two different owners both lock
    /// every owner row first, so the second waits for the first, then counts again (PostgreSQL
    /// re-checks `role = 'owner'` on a row that changed while it waited) and sees one owner left.
    private func lockForOwnerChange(personID: Int64, tenant: TenantRecord, _ conn: PostgresConnection) throws
        -> (role: StaffRole, owners: Int)
    {
        let owners = try conn.query(
            """
            SELECT person_id FROM \(ident: p).staff_memberships WHERE tenant_id = \(tenant.id) AND role = 'owner'
            ORDER BY person_id FOR UPDATE
            """
        ).count
        guard
            let row = try conn.query(
                """
                SELECT role FROM \(ident: p).staff_memberships WHERE tenant_id = \(tenant.id) AND person_id = \(personID) FOR UPDATE
                """
            ).first
        else { throw StaffAccountError.notMember(personID: personID, tenant: tenant.slug.rawValue) }
        return (StaffRole(rawValue: try row.decode(String.self, 0)) ?? .analyst, owners)
    }

    /// The person with this email, created (without a password) when there is none yet.
    public func findOrCreate(email: EmailAddress, displayName: String, _ conn: PostgresConnection) throws -> StaffPerson
    {
        if let person = try person(email: email, conn) { return person }
        let row = try conn.query(
            """
            INSERT INTO \(ident: p).staff_people (email, display_name) VALUES (\(email.value), \(displayName))
            ON CONFLICT ((lower(email))) DO UPDATE SET updated_at = now()
            RETURNING \(unsafeRaw: StaffPerson.columns)
            """
        ).first!
        return try StaffPerson.decode(row)
    }

    /// The stored password hash, if the person has one.
    func passwordHash(personID: Int64, _ conn: PostgresConnection) throws -> String? {
        try conn.query("SELECT password_hash FROM \(ident: p).staff_people WHERE id = \(personID)").first?.decode(
            String?.self, 0)
    }

    func setPasswordHash(_ hash: PasswordHash, personID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: p).staff_people SET password_hash = \(hash.encoded), updated_at = now() WHERE id = \(personID)"
        )
    }

    public func setLocale(_ locale: StaffLocale, personID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: p).staff_people SET locale = \(locale.rawValue), updated_at = now() WHERE id = \(personID)"
        )
    }

    /// The title of tenant `id` (the directory's), or nil.
    public func tenantTitle(id: Int64, _ conn: PostgresConnection) throws -> String? {
        try conn.query("SELECT title FROM \(ident: p).tenants WHERE id = \(id)").first?.decode(String.self, 0)
    }

    /// Sets a validated display name (`DisplayName.validate`).
    public func setDisplayName(_ name: String, personID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: p).staff_people SET display_name = \(name), updated_at = now() WHERE id = \(personID)")
    }

    public func setDisabled(_ disabled: Bool, personID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: p).staff_people SET disabled = \(disabled), updated_at = now() WHERE id = \(personID)")
    }

    /// Links a Telegram account (for "sign in with Telegram"); nil unlinks.
    public func linkTelegram(userID: Int64?, personID: Int64, _ conn: PostgresConnection) throws {
        do {
            try conn.execute(
                "UPDATE \(ident: p).staff_people SET telegram_user_id = \(userID), updated_at = now() WHERE id = \(personID)"
            )
        } catch {
            // `execute` throws only PostgresError.
            if error.isUniqueViolation { throw StaffAccountError.telegramTaken }
            throw error
        }
    }

    /// The person linked to this Telegram account.
    public func person(telegramUserID: Int64, _ conn: PostgresConnection) throws -> StaffPerson? {
        try conn.query(
            "SELECT \(unsafeRaw: StaffPerson.columns) FROM \(ident: p).staff_people WHERE telegram_user_id = \(telegramUserID)"
        ).first.map { try StaffPerson.decode($0) }
    }

    static func membership(_ row: PostgresRow) throws -> StaffMembership {
        StaffMembership(
            tenantID: try row.decode(Int64.self, 0), tenantSlug: try row.decode(String.self, 1),
            tenantTitle: try row.decode(String.self, 2),
            personID: try row.decode(Int64.self, 3),
            role: StaffRole(rawValue: try row.decode(String.self, 4)) ?? .analyst)
    }
}
