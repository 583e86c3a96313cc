import Blueprint
import Foundation
import Kernel
import Postgres
import Synchronization
import TesseraTestSupport
import XCTest

/// The leaderboard rollups on a real PostgreSQL: a score that comes back to zero leaves them.
final class ScoreRollupTests: XCTestCase {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations/tenant")

    var pool: PostgresPool!
    let schema = try! Identifier("t_rollup")
    /// Wednesday 2026-11-25 12:00 UTC.
    let now = Date(timeIntervalSince1970: 1_795_608_000)

    override func setUpWithError() throws {
        pool = PostgresPool(
            configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "rollup")),
            maxConnections: 4)
        try pool.transaction { conn in
            _ = try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(Self.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    func participant(_ n: Int) throws -> Int64 {
        try pool.query(
            "INSERT INTO \(ident: schema).participants (telegram_id, first_name) VALUES (\(Int64(5_000 + n)), 'P') RETURNING id"
        ).first!.decode(Int64.self, 0)
    }

    func move(_ amount: Int64, _ participant: Int64) throws {
        try pool.transaction { conn in
            _ = try ScoreRollup(schema: schema).add(amount, to: participant, source: .purchases, at: now, conn)
        }
    }

    func count(_ sql: SQL) throws -> Int64 { try pool.query(sql).first!.decode(Int64.self, 0) }

    func test_aScoreBackAtZero_leavesTheScoresAndTheCounts() throws {
        let ann = try participant(1)
        let bob = try participant(2)
        try move(30, ann)
        try move(30, bob)
        try move(-30, ann)
        XCTAssertEqual(try count("SELECT count(*) FROM \(ident: schema).rating_scores WHERE participant_id = \(ann)"), 0)
        XCTAssertEqual(
            try count("SELECT coalesce(sum(participants), 0)::bigint FROM \(ident: schema).rating_counts WHERE period = 'all_time'"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM \(ident: schema).rating_counts WHERE points = 0"), 0)
        try move(5, ann)
        XCTAssertEqual(try pool.withConnection { try ScoreRollup(schema: schema).allTimeScore(ann, source: .purchases, $0) }, 5)
        XCTAssertEqual(
            try count("SELECT coalesce(sum(participants), 0)::bigint FROM \(ident: schema).rating_counts WHERE period = 'all_time'"), 2)
    }

    /// Workers add and take back on the same participants at once, crossing zero again and again:
    /// no deadlock, no zero row, the scores are the sums and the counts agree with the scores.
    func test_concurrentMovementsThroughZero_keepTheRollupsConsistent() throws {
        let ids = try (0..<4).map { try participant($0) }
        let amounts: [Int64] = [10, 3, 7]
        let failures = Mutex<[String]>([])
        let pool = self.pool!
        let schema = self.schema
        let now = self.now
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<48 {
                // Pairs: +a then -a on one participant, the next pair on the next one.
                let id = ids[(worker + i / 2) % ids.count]
                let amount = amounts[(i / 2) % amounts.count] * (i % 2 == 0 ? 1 : -1)
                do {
                    try pool.transaction { conn in
                        _ = try ScoreRollup(schema: schema).add(amount, to: id, source: .purchases, at: now, conn)
                    }
                } catch { failures.withLock { $0.append("\(error)") } }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
        // Each participant got whole (+a, -a) pairs: every score is back at zero, so no row is left.
        XCTAssertEqual(try count("SELECT count(*) FROM \(ident: schema).rating_scores"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM \(ident: schema).rating_counts"), 0)

        try move(4, ids[0])
        try move(4, ids[1])
        XCTAssertEqual(
            try count(
                """
                SELECT count(*) FROM (SELECT period, points, count(*) AS n FROM \(ident: schema).rating_scores GROUP BY 1, 2) s
                FULL JOIN (SELECT period, points, participants FROM \(ident: schema).rating_counts) c USING (period, points)
                WHERE s.n IS DISTINCT FROM c.participants
                """), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM \(ident: schema).rating_counts WHERE points = 4 AND participants = 2"), 3)
    }
}
