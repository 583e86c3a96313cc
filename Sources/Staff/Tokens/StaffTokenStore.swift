import Foundation
import Kernel
import Postgres
import Tenancy

/// Staff tokens in `platform.api_tokens`: created with a role for one tenant, listed, revoked,
/// and looked up by hash on every admin call.
public struct StaffTokenStore: Sendable {
    /// A stored token, without the token itself.
    public struct Record: Sendable, Equatable {
        public var id: Int64
        public var tenantID: Int64
        public var role: StaffRole
        public var name: String
        public var createdAt: Date
        public var lastUsedAt: Date?
        public var revokedAt: Date?
    }

    let p = TenantCatalog.platformSchema
    /// `last_used_at` is written at most this often per token, so admin reads do not all write.
    let touchInterval: TimeInterval = 300

    public init() {}

    /// Creates a token; the returned `StaffToken` is the only copy of its value.
    public func create(tenantID: Int64, role: StaffRole, name: String, _ conn: PostgresConnection) throws -> (StaffToken, Record) {
        let token = StaffToken.generate()
        let row = try conn.query(
            """
            INSERT INTO \(ident: p).api_tokens (tenant_id, role, name, token_hash)
            VALUES (\(tenantID), \(role.rawValue), \(name), \(token.hash))
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).first!
        return (token, try Self.record(row))
    }

    public func list(tenantID: Int64, _ conn: PostgresConnection) throws -> [Record] {
        try conn.query(
            "SELECT \(unsafeRaw: Self.columns) FROM \(ident: p).api_tokens WHERE tenant_id = \(tenantID) ORDER BY id"
        ).map(Self.record)
    }

    /// Revokes token `id` of the tenant; false when there is no such (unrevoked) token.
    public func revoke(id: Int64, tenantID: Int64, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            """
            UPDATE \(ident: p).api_tokens SET revoked_at = now()
            WHERE id = \(id) AND tenant_id = \(tenantID) AND revoked_at IS NULL
            """) == 1
    }

    /// The principal of an unrevoked token with this value, or nil. The lookup is by hash, so
    /// the comparison happens inside PostgreSQL's index on the digest, never on the secret.
    public func authenticate(_ raw: String, now: Date, _ conn: PostgresConnection) throws -> StaffPrincipal? {
        guard let token = StaffToken(raw) else { return nil }
        guard
            let row = try conn.query(
                """
                SELECT \(unsafeRaw: Self.columns) FROM \(ident: p).api_tokens
                WHERE token_hash = \(token.hash) AND revoked_at IS NULL
                """
            ).first
        else { return nil }
        let record = try Self.record(row)
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > touchInterval }) ?? true {
            try conn.execute("UPDATE \(ident: p).api_tokens SET last_used_at = \(now) WHERE id = \(record.id)")
        }
        return StaffPrincipal(actor: .token(record.id), tenantID: record.tenantID, role: record.role, name: record.name)
    }

    static let columns = "id, tenant_id, role, name, created_at, last_used_at, revoked_at"

    static func record(_ row: PostgresRow) throws -> Record {
        Record(
            id: try row.decode(Int64.self, 0), tenantID: try row.decode(Int64.self, 1),
            role: StaffRole(rawValue: try row.decode(String.self, 2)) ?? .manager, name: try row.decode(String.self, 3),
            createdAt: try row.decode(Date.self, 4), lastUsedAt: try row.decode(Date?.self, 5),
            revokedAt: try row.decode(Date?.self, 6))
    }
}
