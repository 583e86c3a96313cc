import Foundation
import Kernel
import Postgres
import Synchronization
import TesseraJSON
import TesseraTestSupport
import XCTest

/// A fresh database with two migrated tenant schemas, for the job tests.
struct JobFixture {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations/tenant")

    let configuration: PostgresConfiguration
    let pool: PostgresPool
    let cafe = try! Identifier("t_cafe")
    let shop = try! Identifier("t_shop")

    init(prefix: String = "jobs", maxConnections: Int = 4) throws {
        configuration = try TestDatabase.shared.createConfiguration(prefix: prefix)
        pool = PostgresPool(configuration: configuration, maxConnections: maxConnections)
        let tenantMigrations = try Migration.loadDirectory(Self.migrations)
        for schema in [cafe, shop] {
            _ = try pool.withConnection { try Migrator.migrate($0, schema: schema, migrations: tenantMigrations) }
        }
    }

    var schemas: [Identifier] { [cafe, shop] }

    /// Another pool on the same database: another "process".
    func secondPool(maxConnections: Int = 4) -> PostgresPool {
        PostgresPool(configuration: configuration, maxConnections: maxConnections)
    }

    func runner(pool: PostgresPool? = nil, settings: JobRunner.Settings = JobRunner.Settings()) -> JobRunner {
        let schemas = self.schemas
        return JobRunner(pool: pool ?? self.pool, settings: settings, schemas: { schemas })
    }

    @discardableResult
    func enqueue(
        _ kind: JobKind, in schema: Identifier? = nil, payload: JSONValue = [:], runAt: Date? = nil,
        maxAttempts: Int = 10,
        dedupeKey: String? = nil
    ) throws -> JobQueue.Enqueued {
        try pool.withConnection { conn in
            try JobQueue(schema: schema ?? cafe).enqueue(
                kind, payload: payload, runAt: runAt, maxAttempts: maxAttempts, dedupeKey: dedupeKey, on: conn)
        }
    }

    func job(_ id: Int64, in schema: Identifier? = nil) throws -> JobRecord {
        try pool.withConnection { try JobStore(schema: schema ?? cafe).job(id: id, on: $0) }!
    }

    /// Moves a job's run_at into the past: "time passed" without waiting.
    func makeDue(_ id: Int64, in schema: Identifier? = nil) throws {
        try pool.execute(
            "UPDATE \(ident: schema ?? cafe).jobs SET run_at = now() - interval '1 second' WHERE id = \(id)")
    }

    /// Seconds between a job's run_at and the database's now.
    func secondsUntilRun(_ id: Int64) throws -> Double {
        try pool.query("SELECT extract(epoch FROM run_at - now())::float8 FROM \(ident: cafe).jobs WHERE id = \(id)")
            .first!.decode(Double.self, 0)
    }

    func count(_ schema: Identifier? = nil) throws -> Int {
        try pool.query("SELECT count(*) FROM \(ident: schema ?? cafe).jobs").first!.decode(Int.self, 0)
    }
}

/// Errors a test handler throws.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

/// Records what handlers saw, from any thread.
final class HandlerLog: Sendable {
    private let entries = Mutex<[Job]>([])

    func record(_ job: Job) { entries.withLock { $0.append(job) } }
    var jobs: [Job] { entries.withLock { $0 } }
    var count: Int { entries.withLock { $0.count } }
}

extension XCTestCase {
    /// Polls `condition` until it holds or `timeout` (generous: a bound, not a measurement) passes.
    func waitUntil(timeout: TimeInterval = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }
}
