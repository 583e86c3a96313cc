import Blueprint
import Postgres
import Tenancy
import TesseraTestSupport
import XCTest

final class TenantProvisionerTests: XCTestCase {
    var pool: PostgresPool!
    var provisioner: TenantProvisioner!

    override func setUpWithError() throws {
        (pool, _) = try Fixtures.platformPool()
        provisioner = TenantProvisioner(pool: pool, masterKey: Fixtures.masterKey, tenantMigrations: try Fixtures.sources().tenant)
    }

    override func tearDown() { pool?.close() }

    func schemaExists(_ name: String) throws -> Bool {
        try pool.query("SELECT count(*) FROM pg_namespace WHERE nspname = \(name)").first!.decode(Int64.self, 0) == 1
    }

    func test_create_provisionsRowSchemaTablesAndVersionOne() throws {
        let record = try provisioner.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        XCTAssertEqual(record.liveVersion, 1)
        XCTAssertEqual(record.status, .active)
        XCTAssertGreaterThanOrEqual(record.schemaVersion, 1)
        XCTAssertTrue(try schemaExists("t_coffee_shop"))
        let participants = try pool.query("SELECT count(*) FROM \"t_coffee_shop\".participants").first!.decode(Int64.self, 0)
        XCTAssertEqual(participants, 0)
        let versions = try pool.withConnection { try TenantCatalog().versions(of: record.id, $0) }
        XCTAssertEqual(versions.map(\.version), [1])
        XCTAssertEqual(versions[0].checksum.count, 64)
    }

    func test_create_storesTheBotTokenEncryptedOnly() throws {
        try provisioner.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        let dump = try pool.query("SELECT t::text FROM platform.tenants t").first!.decode(String.self, 0)
        XCTAssertFalse(dump.contains("TESTtokenA"), "token stored in clear")
        let record = try pool.withConnection { try TenantCatalog().require(try TenantSlug("coffee-shop"), $0) }
        XCTAssertEqual(try provisioner.botToken(of: record), Fixtures.tokenA)
    }

    func test_create_twiceFailsWithTenantExists() throws {
        let manifest = try Fixtures.manifest("coffee-shop")
        try provisioner.create(manifest, botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        XCTAssertThrowsError(try provisioner.create(manifest, botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))) {
            XCTAssertEqual($0 as? TenancyError, .tenantExists("coffee-shop"))
        }
    }

    func test_create_leavesNothingBehindWhenAMigrationFails() throws {
        var migrations = try Fixtures.sources().tenant
        migrations.append(Migration(version: 9999, name: "broken", sql: "CREATE TABLE {{schema}}.oops (x nonexistent_type);", checksum: "x"))
        let broken = TenantProvisioner(pool: pool, masterKey: Fixtures.masterKey, tenantMigrations: migrations)
        XCTAssertThrowsError(try broken.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop")))
        XCTAssertFalse(try schemaExists("t_coffee_shop"))
        XCTAssertEqual(try pool.query("SELECT count(*) FROM platform.tenants").first!.decode(Int64.self, 0), 0)
        XCTAssertEqual(try pool.query("SELECT count(*) FROM platform.blueprint_versions").first!.decode(Int64.self, 0), 0)
    }

    func test_create_refusesToAdoptALeftoverSchema() throws {
        try pool.execute("CREATE SCHEMA t_coffee_shop")
        try pool.execute("CREATE TABLE t_coffee_shop.participants (id bigint)")
        XCTAssertThrowsError(try provisioner.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))) {
            XCTAssertEqual($0 as? TenancyError, .schemaExists("t_coffee_shop"))
        }
        XCTAssertEqual(try pool.query("SELECT count(*) FROM platform.tenants").first!.decode(Int64.self, 0), 0)
    }

    func test_apply_withTheSameBlueprintChangesNothing() throws {
        let manifest = try Fixtures.manifest("coffee-shop")
        let blueprint = try Fixtures.blueprint("coffee-shop")
        try provisioner.create(manifest, botToken: Fixtures.tokenA, blueprint: blueprint)
        let outcome = try provisioner.apply(manifest, botToken: nil, blueprint: blueprint)
        XCTAssertFalse(outcome.changed)
        XCTAssertNil(outcome.newVersion)
        XCTAssertEqual(outcome.diff, [])
    }

    func test_apply_storesANewVersionWithADiffAndRollbackRestoresTheOldOne() throws {
        let manifest = try Fixtures.manifest("coffee-shop")
        try provisioner.create(manifest, botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        let dry = try provisioner.apply(manifest, botToken: nil, blueprint: try Fixtures.blueprint("events-club"), dryRun: true)
        XCTAssertEqual(dry.newVersion, 2)
        XCTAssertFalse(dry.diff.isEmpty)
        XCTAssertEqual(try pool.query("SELECT count(*) FROM platform.blueprint_versions").first!.decode(Int64.self, 0), 1, "dry run stored")

        let outcome = try provisioner.apply(manifest, botToken: nil, blueprint: try Fixtures.blueprint("events-club"))
        XCTAssertEqual(outcome.previousVersion, 1)
        XCTAssertEqual(outcome.newVersion, 2)
        XCTAssertFalse(outcome.diff.isEmpty)
        let slug = try TenantSlug("coffee-shop")
        XCTAssertEqual(try pool.withConnection { try TenantCatalog().require(slug, $0) }.liveVersion, 2)

        let result = try provisioner.rollback(slug, to: 1)
        XCTAssertEqual(result.from, 2)
        XCTAssertEqual(try pool.withConnection { try TenantCatalog().require(slug, $0) }.liveVersion, 1)
        XCTAssertThrowsError(try provisioner.rollback(slug, to: 7)) {
            XCTAssertEqual($0 as? TenancyError, .versionNotFound(slug: "coffee-shop", version: 7))
        }
    }

    func test_apply_changesTitleAndToken() throws {
        let blueprint = try Fixtures.blueprint("coffee-shop")
        try provisioner.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: blueprint)
        let outcome = try provisioner.apply(try Fixtures.manifest("coffee-shop", title: "Renamed"), botToken: Fixtures.tokenB, blueprint: blueprint)
        XCTAssertTrue(outcome.titleChanged)
        XCTAssertTrue(outcome.botChanged)
        let record = try pool.withConnection { try TenantCatalog().require(try TenantSlug("coffee-shop"), $0) }
        XCTAssertEqual(record.title, "Renamed")
        XCTAssertEqual(try provisioner.botToken(of: record), Fixtures.tokenB)
    }

    func test_suspendResumeAndDelete() throws {
        let slug = try TenantSlug("coffee-shop")
        try provisioner.create(try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA, blueprint: try Fixtures.blueprint("coffee-shop"))
        try provisioner.setStatus(slug, .suspended)
        XCTAssertEqual(try pool.withConnection { try TenantCatalog().require(slug, $0) }.status, .suspended)
        try provisioner.setStatus(slug, .active)
        XCTAssertEqual(try pool.withConnection { try TenantCatalog().require(slug, $0) }.status, .active)
        try provisioner.delete(slug)
        XCTAssertFalse(try schemaExists("t_coffee_shop"))
        XCTAssertNil(try pool.withConnection { try TenantCatalog().find(slug, $0) })
        XCTAssertThrowsError(try provisioner.delete(slug)) { XCTAssertEqual($0 as? TenancyError, .tenantNotFound("coffee-shop")) }
    }
}
