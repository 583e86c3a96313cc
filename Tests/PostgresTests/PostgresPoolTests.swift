import Foundation
@testable import Postgres
import TesseraTestSupport
import XCTest

final class PostgresPoolTests: XCTestCase {
    func test_query_reusesConnections() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 2)
        defer { pool.close() }
        let first = try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)
        let second = try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)
        XCTAssertEqual(first, second)
        XCTAssertEqual(pool.statistics.open, 1)
        XCTAssertEqual(pool.statistics.idle, 1)
    }

    func test_withConnection_neverExceedsMaxConnectionsUnderConcurrency() throws {
        let config = try makeDatabase()
        let pool = PostgresPool(configuration: config, maxConnections: 3, acquireTimeout: 20)
        defer { pool.close() }
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            do {
                try pool.withConnection { conn in
                    _ = try conn.query("SELECT pg_sleep(0.05)")
                }
            } catch {
                failures.increment()
            }
        }
        XCTAssertEqual(failures.value, 0)
        XCTAssertLessThanOrEqual(pool.statistics.open, 3)
        let observer = try PostgresConnection(configuration: config)
        let backends = try observer.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        XCTAssertLessThanOrEqual(try backends.first!.decode(Int.self, 0), 3)
    }

    func test_acquire_timesOutWhenAllConnectionsAreBusy() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1, acquireTimeout: 0.3)
        defer { pool.close() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? pool.withConnection { _ in
                holding.signal()
                release.wait()
            }
        }
        holder.start()
        holding.wait()
        let started = Date()
        let error = assertPostgresError { _ = try pool.query("SELECT 1") }
        XCTAssertEqual(error?.kind, .poolTimeout)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25)
        release.signal()
        XCTAssertTrue(waitUntil(timeout: 5) { pool.statistics.idle == 1 })
        XCTAssertEqual(try pool.query("SELECT 1").first?.decode(Int.self, 0), 1)
    }

    func test_waiter_getsConnectionReleasedBeforeTimeout() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1, acquireTimeout: 5)
        defer { pool.close() }
        let holding = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? pool.withConnection { _ in
                holding.signal()
                usleep(200_000)
            }
        }
        holder.start()
        holding.wait()
        XCTAssertEqual(try pool.query("SELECT 7").first?.decode(Int.self, 0), 7)
    }

    func test_release_rollsBackTransactionLeftOpen() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1)
        defer { pool.close() }
        try pool.execute("CREATE TABLE t (n int)")
        try pool.withConnection { conn in
            try conn.simpleQuery("BEGIN")
            try conn.execute("INSERT INTO t VALUES (\(1))")
        }
        XCTAssertEqual(try pool.query("SELECT count(*) FROM t").first?.decode(Int.self, 0), 0)
    }

    func test_transaction_rollsBackOnThrow() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 2)
        defer { pool.close() }
        try pool.execute("CREATE TABLE t (n int)")
        struct Failure: Error {}
        XCTAssertThrowsError(
            try pool.transaction { conn in
                try conn.execute("INSERT INTO t VALUES (\(1))")
                throw Failure()
            })
        try pool.transaction { conn in try conn.execute("INSERT INTO t VALUES (\(2))") }
        XCTAssertEqual(try pool.query("SELECT n FROM t").map { try $0.decode(Int.self, 0) }, [2])
    }

    func test_acquire_recoversAfterBackendsAreTerminated() throws {
        let config = try makeDatabase()
        let pool = PostgresPool(configuration: config, maxConnections: 2, idleCheckInterval: 60)
        defer { pool.close() }
        let before = try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)
        XCTAssertEqual(try terminateOtherBackends(of: config), 1)
        // The idle connection's socket now holds the server's FATAL message (or EOF): it is
        // detected and replaced before use, even though it was idle for less than the interval.
        XCTAssertTrue(
            waitUntil(timeout: 5) {
                (try? pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)).map { $0 != before } ?? false
            })
        XCTAssertEqual(try pool.query("SELECT 1").first?.decode(Int.self, 0), 1)
    }

    func test_statementOnDeadConnection_failsAsConnectionErrorThenPoolHeals() throws {
        let config = try makeDatabase()
        let pool = PostgresPool(configuration: config, maxConnections: 1)
        defer { pool.close() }
        let error = assertPostgresError {
            try pool.withConnection { conn in
                _ = try terminateOtherBackends(of: config)
                usleep(100_000)
                _ = try conn.query("SELECT 1")
            }
        }
        XCTAssertEqual(error?.kind, .connection)
        XCTAssertEqual(try pool.query("SELECT 2").first?.decode(Int.self, 0), 2)
        XCTAssertEqual(pool.statistics.open, 1)
    }

    func test_maxLifetime_recyclesOldConnections() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1, maxLifetime: 0.3)
        defer { pool.close() }
        let first = try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)
        XCTAssertEqual(try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0), first)
        usleep(400_000)
        let later = try pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, 0)
        XCTAssertNotEqual(later, first)
        XCTAssertEqual(pool.statistics.open, 1)
    }

    func test_close_rejectsLaterCalls() throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1)
        _ = try pool.query("SELECT 1")
        pool.close()
        XCTAssertEqual(pool.statistics.open, 0)
        XCTAssertEqual(assertPostgresError { _ = try pool.query("SELECT 1") }?.kind, .poolClosed)
    }

    func test_run_executesOnADedicatedThreadForAsyncCallers() async throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 2)
        defer { pool.close() }
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<6 {
                group.addTask {
                    try await pool.run { conn in
                        XCTAssertTrue(BlockingExecutor.isExecutorThread, "ran on a thread that is not the executor's")
                        return try conn.query("SELECT \(i) + 1").first!.decode(Int.self, 0)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.sorted(), [1, 2, 3, 4, 5, 6])
    }

    func test_run_propagatesErrors() async throws {
        let pool = PostgresPool(configuration: try makeDatabase(), maxConnections: 1)
        defer { pool.close() }
        do {
            _ = try await pool.run { conn in try conn.query("SELECT * FROM missing_table") }
            XCTFail("expected an error")
        } catch let error as PostgresError {
            XCTAssertEqual(error.sqlState, "42P01")
        }
    }
}

/// A thread-safe counter for concurrency tests.
final class Counter: @unchecked Sendable {
    // `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
