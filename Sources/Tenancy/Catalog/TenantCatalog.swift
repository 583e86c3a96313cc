import Foundation
import Postgres

/// Reads and writes the platform's tenant directory (`platform.tenants`, `platform.blueprint_versions`).
/// Every statement names the platform schema explicitly.
public struct TenantCatalog: Sendable {
    public static let platformSchema = try! Identifier("platform")
    /// NOTIFY channel telling running servers that a tenant changed (payload: the slug).
    public static let changeChannel = "tessera_tenants"

    let p = TenantCatalog.platformSchema

    public init() {}

    public func all(_ conn: PostgresConnection) throws -> [TenantRecord] {
        try conn.query("SELECT \(unsafeRaw: TenantRecord.columns) FROM \(ident: p).tenants ORDER BY slug").map(TenantRecord.init(row:))
    }

    public func find(_ slug: TenantSlug, _ conn: PostgresConnection, forUpdate: Bool = false) throws -> TenantRecord? {
        let lock = forUpdate ? " FOR UPDATE" : ""
        return try conn.query(
            "SELECT \(unsafeRaw: TenantRecord.columns) FROM \(ident: p).tenants WHERE slug = \(slug.rawValue)\(unsafeRaw: lock)"
        ).first.map(TenantRecord.init(row:))
    }

    public func require(_ slug: TenantSlug, _ conn: PostgresConnection, forUpdate: Bool = false) throws -> TenantRecord {
        guard let record = try find(slug, conn, forUpdate: forUpdate) else { throw TenancyError.tenantNotFound(slug.rawValue) }
        return record
    }

    public func versions(of tenantID: Int64, _ conn: PostgresConnection) throws -> [BlueprintVersionRecord] {
        try conn.query(
            """
            SELECT version, document, checksum, source, created_at FROM \(ident: p).blueprint_versions
            WHERE tenant_id = \(tenantID) ORDER BY version
            """
        ).map { row in
            BlueprintVersionRecord(
                version: try row.decode(Int64.self, 0), document: try row.decode(String.self, 1),
                checksum: try row.decode(String.self, 2), source: try row.decode(String?.self, 3),
                createdAt: try row.decode(Date.self, 4))
        }
    }

    public func version(_ version: Int64, of tenantID: Int64, _ conn: PostgresConnection) throws -> BlueprintVersionRecord? {
        try conn.query(
            """
            SELECT version, document, checksum, source, created_at FROM \(ident: p).blueprint_versions
            WHERE tenant_id = \(tenantID) AND version = \(version)
            """
        ).first.map { row in
            BlueprintVersionRecord(
                version: try row.decode(Int64.self, 0), document: try row.decode(String.self, 1),
                checksum: try row.decode(String.self, 2), source: try row.decode(String?.self, 3),
                createdAt: try row.decode(Date.self, 4))
        }
    }

    /// Tells every running server that `slug` changed; delivered at commit.
    public func notifyChanged(_ slug: TenantSlug, _ conn: PostgresConnection) throws {
        _ = try conn.query("SELECT pg_notify(\(Self.changeChannel), \(slug.rawValue))")
    }
}
