import Foundation
import Kernel
import Postgres
import Tenancy

/// One-time links in `platform.staff_links`: created with an expiry, used once. Whether a link
/// is still unused is decided by one conditional UPDATE, so of several requests using the same
/// link at once exactly one gets it; the others see `linkUsed`.
public struct StaffLinkStore: Sendable {
    let p = TenantCatalog.platformSchema
    /// The longest lifetime a link may be given.
    public static let maximumLifetime: TimeInterval = 30 * 86_400

    public init() {}

    /// An invitation to the tenant's staff with `role`. With an email, the person is created
    /// now (without a password) or found, and the link is theirs; without one, whoever opens
    /// it gives an email when accepting.
    public func createInvitation(
        tenantID: Int64, role: StaffRole, email: EmailAddress?, displayName: String = "",
        lifetime: TimeInterval? = nil,
        now: Date, _ conn: PostgresConnection
    ) throws -> (StaffSecretToken, StaffLink) {
        let name = displayName.isEmpty ? "" : try DisplayName.validate(displayName)
        return try conn.transaction { conn in
            let personID = try email.map { try StaffDirectory().findOrCreate(email: $0, displayName: name, conn).id }
            return try insert(
                .invitation, tenantID: tenantID, role: role, personID: personID, displayName: name, lifetime: lifetime,
                now: now, conn)
        }
    }

    /// A password reset link for the person (also sets a first password for an invited person).
    public func createPasswordReset(
        personID: Int64, lifetime: TimeInterval? = nil, now: Date, _ conn: PostgresConnection
    ) throws
        -> (StaffSecretToken, StaffLink)
    {
        try insert(
            .passwordReset, tenantID: nil, role: nil, personID: personID, displayName: "", lifetime: lifetime, now: now,
            conn)
    }

    /// A "sign in with Telegram" link for the person, for the tenant's bot to send.
    public func createTelegramSignIn(
        personID: Int64, tenantID: Int64?, lifetime: TimeInterval? = nil, now: Date, _ conn: PostgresConnection
    )
        throws -> (StaffSecretToken, StaffLink)
    {
        try create(.telegramSignIn, personID: personID, tenantID: tenantID, lifetime: lifetime, now: now, conn)
    }

    /// A "link my Telegram account" link for the person, through tenant `tenantID`'s bot.
    public func createTelegramLink(
        personID: Int64, tenantID: Int64, lifetime: TimeInterval? = nil, now: Date, _ conn: PostgresConnection
    ) throws -> (StaffSecretToken, StaffLink) {
        try create(.telegramLink, personID: personID, tenantID: tenantID, lifetime: lifetime, now: now, conn)
    }

    /// A person's link of any kind but an invitation (`tenantID`: the tenant it goes through, if any).
    func create(
        _ kind: StaffLinkKind, personID: Int64, tenantID: Int64?, lifetime: TimeInterval?, now: Date,
        _ conn: PostgresConnection
    ) throws -> (StaffSecretToken, StaffLink) {
        precondition(kind != .invitation, "invitations are made by createInvitation")
        return try insert(
            kind, tenantID: tenantID, role: nil, personID: personID, displayName: "", lifetime: lifetime, now: now, conn)
    }

    private func insert(
        _ kind: StaffLinkKind, tenantID: Int64?, role: StaffRole?, personID: Int64?, displayName: String,
        lifetime: TimeInterval?,
        now: Date, _ conn: PostgresConnection
    ) throws -> (StaffSecretToken, StaffLink) {
        let lifetime = lifetime ?? kind.defaultLifetime
        precondition(lifetime > 0 && lifetime <= Self.maximumLifetime, "link lifetime out of range")
        let token = StaffSecretToken.generate()
        let row = try conn.query(
            """
            INSERT INTO \(ident: p).staff_links (kind, token_hash, tenant_id, role, person_id, display_name, created_at, expires_at)
            VALUES (\(kind.rawValue), \(token.hash), \(tenantID), \(role?.rawValue), \(personID), \(displayName), \(now),
                    \(now.addingTimeInterval(lifetime)))
            RETURNING \(unsafeRaw: StaffLink.columns)
            """
        ).first!
        return (token, try StaffLink.decode(row))
    }

    /// The link behind `raw` if it is of `kind`, used or not, expired or not (nil when there is none).
    public func find(_ raw: String, kind: StaffLinkKind, _ conn: PostgresConnection) throws -> StaffLink? {
        guard let token = StaffSecretToken(raw) else { return nil }
        return try conn.query(
            "SELECT \(unsafeRaw: StaffLink.columns) FROM \(ident: p).staff_links WHERE token_hash = \(token.hash) AND kind = \(kind.rawValue)"
        ).first.map(StaffLink.decode)
    }

    /// The link behind `raw` if it is of `kind`, unused and unexpired; otherwise the reason why not.
    public func peek(_ raw: String, kind: StaffLinkKind, now: Date, _ conn: PostgresConnection) throws -> StaffLink {
        guard let token = StaffSecretToken(raw),
            let row = try conn.query(
                "SELECT \(unsafeRaw: StaffLink.columns) FROM \(ident: p).staff_links WHERE token_hash = \(token.hash) AND kind = \(kind.rawValue)"
            ).first
        else { throw StaffAccountError.linkNotFound }
        let link = try StaffLink.decode(row)
        if link.usedAt != nil { throw StaffAccountError.linkUsed }
        if link.expiresAt <= now { throw StaffAccountError.linkExpired }
        return link
    }

    /// Marks the link used by `personID` (nil: decided later in the same transaction, see
    /// `setUsedBy`) and returns it; throws `linkUsed`, `linkExpired` or `linkNotFound` when it
    /// cannot be used. A caller's transaction that rolls back makes the link usable again.
    public func use(_ raw: String, kind: StaffLinkKind, by personID: Int64?, now: Date, _ conn: PostgresConnection)
        throws -> StaffLink
    {
        guard let token = StaffSecretToken(raw) else { throw StaffAccountError.linkNotFound }
        let row = try conn.query(
            """
            UPDATE \(ident: p).staff_links SET used_at = \(now), used_by = \(personID)
            WHERE token_hash = \(token.hash) AND kind = \(kind.rawValue) AND used_at IS NULL AND expires_at > \(now)
            RETURNING \(unsafeRaw: StaffLink.columns)
            """
        ).first
        guard let row else {
            // Say why: the UPDATE saw the row as it is after any competing use committed.
            _ = try peek(raw, kind: kind, now: now, conn)
            throw StaffAccountError.linkUsed
        }
        return try StaffLink.decode(row)
    }

    func setUsedBy(_ personID: Int64, linkID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(ident: p).staff_links SET used_by = \(personID) WHERE id = \(linkID)")
    }

    /// Unused, unexpired invitations of one tenant (or of all), newest first.
    public func pendingInvitations(tenantID: Int64?, now: Date, _ conn: PostgresConnection) throws -> [StaffLink] {
        let filter: SQL = tenantID.map { (id: Int64) -> SQL in "AND tenant_id = \(id)" } ?? ""
        return try conn.query(
            """
            SELECT \(unsafeRaw: StaffLink.columns) FROM \(ident: p).staff_links
            WHERE kind = 'invitation' AND used_at IS NULL AND expires_at > \(now) \(fragment: filter) ORDER BY id DESC
            """
        ).map(StaffLink.decode)
    }

    /// Withdraws a pending invitation of the tenant (it expires now); false when there is no such
    /// invitation or it was used or had expired already.
    public func revokeInvitation(id: Int64, tenantID: Int64, now: Date, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            """
            UPDATE \(ident: p).staff_links SET expires_at = \(now)
            WHERE id = \(id) AND kind = 'invitation' AND tenant_id = \(tenantID) AND used_at IS NULL AND expires_at > \(now)
            """) == 1
    }

    /// Withdraws the person's unused links of `kind` (e.g. older reset links once one was used).
    public func expireUnused(kind: StaffLinkKind, personID: Int64, now: Date, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: p).staff_links SET expires_at = \(now)
            WHERE kind = \(kind.rawValue) AND person_id = \(personID) AND used_at IS NULL AND expires_at > \(now)
            """)
    }
}
