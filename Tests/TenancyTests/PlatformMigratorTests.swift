import Postgres
import Tenancy
import TesseraTestSupport
import XCTest

final class PlatformMigratorTests: XCTestCase {
    func test_migrateAll_isIdempotentAndMigratesEveryTenant() throws {
        let (pool, _) = try Fixtures.platformPool()
        defer { pool.close() }
        let sources = try Fixtures.sources()
        let provisioner = TenantProvisioner(pool: pool, masterKey: Fixtures.masterKey, tenantMigrations: sources.tenant)
        try provisioner.create(try Fixtures.manifest("alpha"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        try provisioner.create(try Fixtures.manifest("beta"), botToken: Fixtures.tokenB, blueprint: try Fixtures.blueprint("coffee-shop"))

        var seen: [String] = []
        let first = try PlatformMigrator(pool: pool, sources: sources).migrateAll { _, total, outcome in
            XCTAssertEqual(total, 2)
            seen.append(outcome.slug)
        }
        XCTAssertEqual(seen, ["alpha", "beta"])
        XCTAssertEqual(first.platformApplied, [], "platform was already migrated")
        XCTAssertTrue(first.tenants.allSatisfy { $0.applied.isEmpty && $0.error == nil })

        // A new tenant migration reaches every tenant, once.
        var extended = sources
        extended.tenant.append(Migration(version: 9000, name: "extra", sql: "CREATE TABLE {{schema}}.extra (id bigint);", checksum: "c9000"))
        let second = try PlatformMigrator(pool: pool, sources: extended).migrateAll()
        XCTAssertEqual(second.tenants.map(\.applied), [[9000], [9000]])
        let third = try PlatformMigrator(pool: pool, sources: extended).migrateAll()
        XCTAssertEqual(third.tenants.map(\.applied), [[], []])
        XCTAssertEqual(try pool.query("SELECT count(*) FROM platform.tenants WHERE schema_version = 9000").first!.decode(Int64.self, 0), 2)
    }

    func test_migrateAll_refusesAnEditedAppliedMigration() throws {
        let (pool, _) = try Fixtures.platformPool()
        defer { pool.close() }
        var sources = try Fixtures.sources()
        let first = sources.platform[0]
        sources.platform[0] = Migration(version: first.version, name: first.name, sql: first.sql + "\n-- edited", checksum: String(repeating: "0", count: 64))
        XCTAssertThrowsError(try PlatformMigrator(pool: pool, sources: sources).migratePlatform())
    }
}
