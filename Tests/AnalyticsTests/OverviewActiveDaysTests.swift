import Analytics
import Foundation
import Postgres
import TesseraTestSupport
import XCTest

/// The navigation intake keeps the Overview's daily visitor counts in the events' transaction.
final class OverviewActiveDaysTests: XCTestCase {
    var pool: PostgresPool!
    let schema = try! Identifier("t_active_days")
    static let now = Date()

    override func setUpWithError() throws {
        pool = PostgresPool(
            configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "days")),
            maxConnections: 2)
        try pool.transaction { conn in
            _ = try Migrator.migrate(
                conn, schema: schema, migrations: try Migration.loadDirectory(NavigationIngestorTests.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    static func visit(_ participant: Int64, daysAgo: Double, _ kind: String = "screen_view") -> RecordedNavigationEvent
    {
        RecordedNavigationEvent(
            participantID: participant,
            event: NavigationEvent(
                kind: kind, screen: "home", target: nil,
                occurredAt: now.addingTimeInterval(-daysAgo * 86_400), properties: nil))
    }

    /// `YYYY-MM-DD` (UTC) of `daysAgo` days before the test's `now`.
    static func day(_ daysAgo: Double) -> String {
        now.addingTimeInterval(-daysAgo * 86_400).formatted(
            Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
    }

    func counts() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for row in try pool.query("SELECT day::text, participants FROM \(ident: schema).daily_active") {
            result[try row.decode(String.self, 0)] = try row.decode(Int64.self, 1)
        }
        return result
    }

    func test_eachParticipantCountsOncePerDay_acrossBatchesAndWriters() throws {
        let ingestor = NavigationIngestor(pool: pool)
        defer { ingestor.stop() }
        let schema = self.schema
        // Participants 1…4 today, several events each, in parallel submissions; 1 and 2 also 2 days ago.
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let events =
                (1...4).flatMap { p in [Self.visit(p, daysAgo: 0), Self.visit(p, daysAgo: 0, "tap")] } + [
                    Self.visit(Int64(1 + i % 2), daysAgo: 2)
                ]
            XCTAssertEqual(ingestor.submit(events, schema: schema), .stored)
        }
        XCTAssertEqual(try counts(), [Self.day(0): 4, Self.day(2): 2])
        XCTAssertEqual(
            try pool.query("SELECT count(*) FROM \(ident: schema).active_days").first!.decode(Int64.self, 0), 6)
    }

    func test_visitsOlderThanTheKeptDays_arePruned_butTheirCountsStay() throws {
        try pool.execute("INSERT INTO \(ident: schema).active_days VALUES ((now() AT TIME ZONE 'UTC')::date - 41, 7)")
        try pool.execute("INSERT INTO \(ident: schema).daily_active VALUES ((now() AT TIME ZONE 'UTC')::date - 41, 1)")
        let ingestor = NavigationIngestor(pool: pool)
        defer { ingestor.stop() }
        XCTAssertEqual(ingestor.submit([Self.visit(7, daysAgo: 0)], schema: schema), .stored)
        XCTAssertEqual(
            try pool.query("SELECT count(*) FROM \(ident: schema).active_days").first!.decode(Int64.self, 0), 1)
        XCTAssertEqual(try counts().count, 2)
    }
}
