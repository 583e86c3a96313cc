import Foundation
import Postgres

/// Migrates the platform schema, then every tenant schema, each tenant in its own transaction so one
/// failing tenant does not block the others and a rerun resumes where it stopped.
public struct PlatformMigrator: Sendable {
    public struct TenantOutcome: Sendable {
        public var slug: String
        public var applied: [Int]
        public var error: String?
    }

    public struct Report: Sendable {
        public var platformApplied: [Int]
        public var tenants: [TenantOutcome]
        public var failed: Bool { tenants.contains { $0.error != nil } }
    }

    public let pool: PostgresPool
    public let sources: MigrationSources
    let catalog = TenantCatalog()

    public init(pool: PostgresPool, sources: MigrationSources) {
        self.pool = pool
        self.sources = sources
    }

    /// Applies only the platform migrations (servers do this at start).
    @discardableResult
    public func migratePlatform() throws -> [Int] {
        try pool.transaction { conn in
            try Migrator.migrate(conn, schema: TenantCatalog.platformSchema, migrations: sources.platform).map(\.version)
        }
    }

    /// Applies platform and tenant migrations; `progress(index, total, outcome)` after each tenant.
    public func migrateAll(progress: (Int, Int, TenantOutcome) -> Void = { _, _, _ in }) throws -> Report {
        let platformApplied = try migratePlatform()
        let tenants = try pool.withConnection { try catalog.all($0) }
        var outcomes: [TenantOutcome] = []
        for (index, tenant) in tenants.enumerated() {
            var outcome = TenantOutcome(slug: tenant.slug.rawValue, applied: [], error: nil)
            do {
                outcome.applied = try pool.transaction { conn in
                    let applied = try Migrator.migrate(conn, schema: tenant.schema, migrations: sources.tenant)
                    let latest = Int64(sources.tenant.map(\.version).max() ?? 0)
                    try conn.execute(
                        """
                        UPDATE \(ident: TenantCatalog.platformSchema).tenants SET schema_version = \(latest)
                        WHERE id = \(tenant.id) AND schema_version <> \(latest)
                        """)
                    return applied.map(\.version)
                }
            } catch {
                outcome.error = String(describing: error)
            }
            outcomes.append(outcome)
            progress(index + 1, tenants.count, outcome)
        }
        return Report(platformApplied: platformApplied, tenants: outcomes)
    }
}
