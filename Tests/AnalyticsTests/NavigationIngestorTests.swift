import Analytics
import Foundation
import Postgres
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

    func event(_ i: Int, props: String? = nil) -> RecordedNavigationEvent {
        RecordedNavigationEvent(
            participantID: Int64(i % 7),
            event: NavigationEvent(kind: "screen_view", screen: "s\(i % 3)", target: i % 2 == 0 ? nil : "t,\"\(i)\"",
                                   occurredAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(i) / 1000), properties: props))
    }

    func count() throws -> Int64 {
        try pool.query("SELECT count(*) FROM \(ident: schema).nav_events").first!.decode(Int64.self, 0)
    }

    func test_flush_writesEveryEventWithItsFields() throws {
        let ingestor = NavigationIngestor(pool: pool, chunkSize: 1_000)
        XCTAssertTrue(ingestor.submit((0..<2_500).map { event($0) }, schema: schema))
        XCTAssertTrue(ingestor.submit([event(1, props: #"{"a":"b"}"#)], schema: schema))
        try ingestor.flush()
        XCTAssertEqual(try count(), 2_501)
        let row = try pool.query(
            "SELECT participant_id, kind, screen, target, extract(epoch FROM occurred_at)::float8, props::text FROM \(ident: schema).nav_events WHERE props IS NOT NULL"
        ).first!
        XCTAssertEqual(try row.decode(Int64.self, 0), 1)
        XCTAssertEqual(try row.decode(String?.self, 3), "t,\"1\"")
        XCTAssertEqual(try row.decode(Double.self, 4), 1_795_000_000.001, accuracy: 0.0005)
        XCTAssertEqual(try row.decode(String?.self, 5), #"{"a": "b"}"#)
        XCTAssertEqual(ingestor.currentStatistics.written, 2_501)
        XCTAssertEqual(ingestor.currentStatistics.buffered, 0)
    }

    func test_background_flusherWritesWithoutAnExplicitFlush_andStopDrains() throws {
        let ingestor = NavigationIngestor(pool: pool, flushInterval: 0.05)
        ingestor.start()
        XCTAssertTrue(ingestor.submit((0..<10).map { event($0) }, schema: schema))
        let deadline = Date().addingTimeInterval(5)
        while try count() < 10, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertEqual(try count(), 10)
        XCTAssertTrue(ingestor.submit((0..<5).map { event($0) }, schema: schema))
        ingestor.stop()
        XCTAssertEqual(try count(), 15)
        XCTAssertFalse(ingestor.submit([event(0)], schema: schema), "a stopped ingestor accepts nothing")
    }

    func test_submit_refusesWhenTheBufferIsFull_andAFailedFlushKeepsEvents() throws {
        let missing = try Identifier("t_does_not_exist")
        let ingestor = NavigationIngestor(pool: pool, maxBuffered: 10)
        XCTAssertTrue(ingestor.submit((0..<8).map { event($0) }, schema: missing))
        XCTAssertFalse(ingestor.submit((0..<3).map { event($0) }, schema: schema))
        XCTAssertThrowsError(try ingestor.flush())
        XCTAssertEqual(ingestor.currentStatistics.buffered, 8, "events of a failed flush are kept for the next attempt")
    }
}
