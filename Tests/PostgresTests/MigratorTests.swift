import Foundation
import Postgres
import TesseraTestSupport
import XCTest

final class MigratorTests: XCTestCase {
    private let migrations = [
        Migration(
            version: 1, name: "create_posts", sql: "CREATE TABLE {{schema}}.posts (id bigint PRIMARY KEY, title text);"),
        Migration(
            version: 2, name: "seed",
            sql:
                "INSERT INTO {{schema}}.posts VALUES (1, 'hello'); CREATE INDEX posts_title ON {{schema}}.posts (title);"
        ),
    ]

    func test_migrate_appliesAllThenNothingOnSecondRun() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_cafe")
        let first = try Migrator.migrate(conn, schema: schema, migrations: migrations)
        XCTAssertEqual(first.map(\.version), [1, 2])
        XCTAssertEqual(try conn.query("SELECT title FROM tenant_cafe.posts").first?.decode(String.self, 0), "hello")
        let second = try Migrator.migrate(conn, schema: schema, migrations: migrations)
        XCTAssertTrue(second.isEmpty)
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: schema), [1, 2])
        XCTAssertEqual(try conn.query("SELECT count(*) FROM tenant_cafe.posts").first?.decode(Int.self, 0), 1)
        let row = try XCTUnwrap(
            conn.query("SELECT name, checksum FROM tenant_cafe.schema_migrations WHERE version = 1").first)
        XCTAssertEqual(try row.decode(String.self, "name"), "create_posts")
        XCTAssertEqual(try row.decode(String.self, "checksum"), migrations[0].checksum)
    }

    func test_migrate_appliesOnlyNewMigrations() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_a")
        try Migrator.migrate(conn, schema: schema, migrations: [migrations[0]])
        let applied = try Migrator.migrate(conn, schema: schema, migrations: migrations)
        XCTAssertEqual(applied.map(\.version), [2])
    }

    func test_migrate_substitutesSchemaPerTenant() throws {
        let conn = try makeConnection()
        for name in ["tenant_one", "tenant_two"] {
            try Migrator.migrate(conn, schema: try Identifier(name), migrations: migrations)
        }
        let tables = try conn.query(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'posts' ORDER BY 1")
        XCTAssertEqual(try tables.map { try $0.decode(String.self, 0) }, ["tenant_one", "tenant_two"])
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: try Identifier("tenant_two")), [1, 2])
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: try Identifier("tenant_none")), [])
    }

    func test_migrate_refusesWhenAnAppliedFileChanged() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_b")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("0001_create.sql", "CREATE TABLE {{schema}}.t (n int);")
        try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(dir.url))
        try dir.write("0001_create.sql", "CREATE TABLE {{schema}}.t (n bigint);")
        try dir.write("0002_more.sql", "CREATE TABLE {{schema}}.u (n int);")
        XCTAssertThrowsError(
            try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(dir.url))
        ) {
            XCTAssertEqual($0 as? MigrationError, .checksumMismatch(version: 1, name: "create"))
        }
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: schema), [1], "nothing else applied")
        XCTAssertNil(try conn.query("SELECT to_regclass('tenant_b.u')::text").first?.decode(String?.self, 0))
    }

    func test_migrate_failingMigrationRollsBackTheWholeRun() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_c")
        let broken = migrations + [Migration(version: 3, name: "broken", sql: "CREATE TABLE {{schema}}.x (;")]
        XCTAssertThrowsError(try Migrator.migrate(conn, schema: schema, migrations: broken)) { error in
            guard case .failed(3, "broken", let underlying) = error as? MigrationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(underlying.sqlState, "42601")
        }
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: schema), [])
        XCTAssertFalse(conn.isInTransaction)
    }

    func test_migrate_joinsTheCallersTransaction() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_d")
        struct Abort: Error {}
        XCTAssertThrowsError(
            try conn.transaction { tx in
                try Migrator.migrate(tx, schema: schema, migrations: migrations)
                throw Abort()
            })
        XCTAssertEqual(try Migrator.appliedVersions(conn, schema: schema), [], "rolled back with the caller")
    }

    func test_migrate_concurrentMigratorsApplyEachMigrationOnce() throws {
        let config = try makeDatabase()
        let schema = try Identifier("tenant_race")
        // A slow first migration makes the two runs overlap.
        let slow = [
            Migration(
                version: 1, name: "slow",
                sql: "SELECT pg_sleep(0.3); CREATE TABLE {{schema}}.log (n int); INSERT INTO {{schema}}.log VALUES (1);"
            ),
            Migration(version: 2, name: "more", sql: "INSERT INTO {{schema}}.log VALUES (2);"),
        ]
        let applied = AppliedCollector()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            do {
                let conn = try PostgresConnection(configuration: config)
                applied.add(try Migrator.migrate(conn, schema: schema, migrations: slow).map(\.version))
            } catch {
                applied.fail("\(error)")
            }
        }
        XCTAssertEqual(applied.errors, [])
        XCTAssertEqual(applied.versions.sorted(), [1, 2])
        let conn = try PostgresConnection(configuration: config)
        XCTAssertEqual(
            try conn.query("SELECT n FROM tenant_race.log ORDER BY n").map { try $0.decode(Int.self, 0) }, [1, 2])
    }
}

final class AppliedCollector: @unchecked Sendable {
    // `all` and `failures` are guarded by `lock`.
    private let lock = NSLock()
    private var all: [Int] = []
    private var failures: [String] = []

    func add(_ versions: [Int]) {
        lock.lock()
        all += versions
        lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }

    var versions: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return all
    }

    var errors: [String] {
        lock.lock()
        defer { lock.unlock() }
        return failures
    }
}
