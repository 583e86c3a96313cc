import Analytics
import Foundation
import Postgres
import Synchronization
import TesseraTestSupport
import XCTest

final class NavigationIngestorTests: XCTestCase {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Migrations/tenant")

    var pool: PostgresPool!
    let schema = try! Identifier("t_nav_test")

    override func setUpWithError() throws {
        pool = PostgresPool(configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "nav")), maxConnections: 2)
        try pool.transaction { conn in
            _ = try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(Self.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    func event(_ i: Int, props: String? = nil) -> RecordedNavigationEvent { Self.event(i, props: props) }

    static func event(_ i: Int, props: String? = nil) -> RecordedNavigationEvent {
        RecordedNavigationEvent(
            participantID: Int64(i % 7),
            event: NavigationEvent(kind: "screen_view", screen: "s\(i % 3)", target: i % 2 == 0 ? nil : "t,\"\(i)\"",
                                   occurredAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(i) / 1000), properties: props))
    }

    func count() throws -> Int64 {
        try pool.query("SELECT count(*) FROM \(ident: schema).nav_events").first!.decode(Int64.self, 0)
    }

    func test_submit_returnsStoredOnlyAfterTheCommit_withEveryField() throws {
        let ingestor = NavigationIngestor(pool: pool, chunkSize: 1_000)
        defer { ingestor.stop() }
        XCTAssertEqual(ingestor.submit((0..<2_500).map { event($0) }, schema: schema), .stored)
        XCTAssertEqual(try count(), 2_500, "acknowledged events are in the table, no flush needed")
        XCTAssertEqual(ingestor.submit([event(1, props: #"{"a":"b"}"#)], schema: schema), .stored)
        XCTAssertEqual(try count(), 2_501)
        let row = try pool.query(
            "SELECT participant_id, kind, screen, target, extract(epoch FROM occurred_at)::float8, props::text FROM \(ident: schema).nav_events WHERE props IS NOT NULL"
        ).first!
        XCTAssertEqual(try row.decode(Int64.self, 0), 1)
        XCTAssertEqual(try row.decode(String?.self, 3), "t,\"1\"")
        XCTAssertEqual(try row.decode(Double.self, 4), 1_795_000_000.001, accuracy: 0.0005)
        XCTAssertEqual(try row.decode(String?.self, 5), #"{"a": "b"}"#)
        XCTAssertEqual(ingestor.currentStatistics.written, 2_501)
        XCTAssertEqual(ingestor.currentStatistics.queued, 0)
    }

    func test_parallelSubmissions_areAllStoredByGroupCommits() throws {
        let ingestor = NavigationIngestor(pool: pool)
        defer { ingestor.stop() }
        let schema = self.schema
        let outcomes = Mutex<[NavigationIngestor.Outcome]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let outcome = ingestor.submit((0..<25).map { Self.event(i * 25 + $0) }, schema: schema)
            outcomes.withLock { $0.append(outcome) }
        }
        XCTAssertEqual(outcomes.withLock { $0 }, Array(repeating: .stored, count: 64))
        XCTAssertEqual(try count(), 1_600)
        let statistics = ingestor.currentStatistics
        XCTAssertEqual(statistics.written, 1_600)
        XCTAssertLessThanOrEqual(statistics.commits, 64)
    }

    func test_aFailedTransaction_storesNothingOfItsTenant_andOtherTenantsAreStored() throws {
        let missing = try Identifier("t_does_not_exist")
        let ingestor = NavigationIngestor(pool: pool)
        defer { ingestor.stop() }
        let schema = self.schema
        let outcomes = Mutex<[Int: NavigationIngestor.Outcome]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let outcome = ingestor.submit((0..<10).map { Self.event($0) }, schema: i % 2 == 0 ? missing : schema)
            outcomes.withLock { $0[i] = outcome }
        }
        for (i, outcome) in outcomes.withLock({ $0 }) {
            XCTAssertEqual(outcome, i % 2 == 0 ? .failed(unavailable: false) : .stored, "submission \(i)")
        }
        XCTAssertEqual(try count(), 40)
        XCTAssertEqual(ingestor.currentStatistics.refused, 40)
    }

    func test_unreachableDatabase_isAFailureMarkedUnavailable() throws {
        let down = PostgresPool(
            configuration: try PostgresConfiguration(url: "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"), maxConnections: 1)
        defer { down.close() }
        let ingestor = NavigationIngestor(pool: down)
        defer { ingestor.stop() }
        XCTAssertEqual(ingestor.submit([event(0)], schema: schema), .failed(unavailable: true))
    }

    func test_submit_refusesBeyondTheQueueLimit_andAfterStop() throws {
        let ingestor = NavigationIngestor(pool: pool, maxQueued: 10)
        XCTAssertEqual(ingestor.submit((0..<11).map { event($0) }, schema: schema), .overloaded)
        XCTAssertEqual(ingestor.submit((0..<10).map { event($0) }, schema: schema), .stored)
        ingestor.stop()
        XCTAssertEqual(ingestor.submit([event(0)], schema: schema), .overloaded, "a stopped ingestor accepts nothing")
        XCTAssertEqual(try count(), 10)
    }

    /// Back-pressure while the database stalls: the only writer is stuck behind a table lock, so
    /// a second submission is never taken and is withdrawn (not stored) after `maxWait`.
    func test_aSubmissionNoWriterTakesInTime_isWithdrawnAsOverloaded_andNotStored() throws {
        let locker = try PostgresConnection(configuration: pool.configuration)
        try locker.simpleQuery("BEGIN; LOCK TABLE \(schema.quoted).nav_events IN ACCESS EXCLUSIVE MODE")
        let ingestor = NavigationIngestor(pool: pool, maxWait: 0.2, writers: 1)
        defer { ingestor.stop() }
        let schema = self.schema
        let first = Mutex<NavigationIngestor.Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let outcome = ingestor.submit((0..<5).map { Self.event($0) }, schema: schema)
            first.withLock { $0 = outcome }
            done.signal()
        }
        // Until the writer has taken the first submission (it then waits for the lock).
        while !ingestor.isWriting { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(ingestor.submit((0..<3).map { event($0) }, schema: schema), .overloaded)
        try locker.simpleQuery("COMMIT")
        done.wait()
        XCTAssertEqual(first.withLock { $0 }, .stored)
        XCTAssertEqual(try count(), 5, "the withdrawn submission was not stored")
        XCTAssertEqual(ingestor.currentStatistics.refused, 3)
    }
}
