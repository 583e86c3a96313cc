import Blueprint
import Foundation
import GameFi
import Kernel
import Postgres
import Synchronization
import TesseraTestSupport
import XCTest

/// `PurchaseQuestReversal` on a real PostgreSQL, the two refunds interleaved by hand: the shop's
/// part of a refund (the order becomes refunded) is played here in SQL.
final class PurchaseQuestReversalTests: XCTestCase {
    var pool: PostgresPool!
    let schema = try! Identifier("t_reversal_test")
    let settings = GameFiSettings(
        pointsName: .plain("beans"), quests: [Quest(id: "two-orders", kind: .purchases(count: 2), reward: 100)])
    let now = Date(timeIntervalSince1970: 1_795_608_000)

    override func setUpWithError() throws {
        pool = PostgresPool(
            configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "reversal")),
            maxConnections: 4)
        try pool.transaction { conn in
            _ = try Migrator.migrate(
                conn, schema: schema, migrations: try Migration.loadDirectory(PointsLedgerTests.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    /// A participant with `orders` paid orders who claimed the quest; their id and the order ids.
    func buyerWhoClaimed(orders: Int) throws -> (participant: Int64, orders: [Int64]) {
        let participant = try pool.query(
            "INSERT INTO \(ident: schema).participants (telegram_id, first_name) VALUES (5001, 'Ann') RETURNING id"
        ).first!.decode(Int64.self, 0)
        let ids = try (0..<orders).map { _ in
            try pool.query(
                """
                INSERT INTO \(ident: schema).orders (section, participant_id, status, total_stars, expires_at, paid_at)
                VALUES ('menu', \(participant), 'paid', 45, now(), now()) RETURNING id
                """
            ).first!.decode(Int64.self, 0)
        }
        let claim = try GameFiService(pool: pool).claim(
            schema: schema, tenant: "t", settings: settings, questID: "two-orders", participant: participant,
            userID: 5001, now: now)
        XCTAssertEqual(claim.awarded, 100)
        return (participant, ids)
    }

    func refund(_ order: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: schema).orders SET status = 'refunded', refunded_at = now(), closed_at = now() WHERE id = \(order)"
        )
    }

    func ledger() throws -> [(amount: Int64, key: String)] {
        try pool.query("SELECT amount, idempotency_key FROM \(ident: schema).points_ledger ORDER BY id").map {
            (try $0.decode(Int64.self, 0), try $0.decode(String.self, 1))
        }
    }

    /// Three paid orders, target two: refunds of two of them at once. Each refund's own
    /// snapshot still sees the other order paid; the second must count after the first commits.
    func test_twoRefundsAtOnce_bothBelowTheTargetTogether_reverseOnce() throws {
        let (ann, orders) = try buyerWhoClaimed(orders: 3)
        let reversal = PurchaseQuestReversal(schema: schema)
        let second = Mutex<Result<[QuestReversal], any Error>?>(nil)
        let (pool, settings, now) = (self.pool!, self.settings, self.now)
        let done = DispatchSemaphore(value: 0)
        try pool.withConnection { first in
            try first.transaction { conn in
                try refund(orders[0], conn)
                XCTAssertEqual(
                    try reversal.reverse(settings: settings, participant: ann, at: now, conn), [],
                    "two paid orders left")
                let (schema, order) = (self.schema, orders[1])
                Thread {
                    let result = Result {
                        try pool.transaction { conn in
                            try conn.execute(
                                "UPDATE \(ident: schema).orders SET status = 'refunded', refunded_at = now(), closed_at = now() WHERE id = \(order)"
                            )
                            return try reversal.reverse(settings: settings, participant: ann, at: now, conn)
                        }
                    }
                    second.withLock { $0 = result }
                    done.signal()
                }.start()
                // The second refund has to wait for this one (the lock on the participant).
                let deadline = Date().addingTimeInterval(10)
                while second.withLock({ $0 == nil }), Date() < deadline,
                    try pool.query(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    ).first!.decode(Int64.self, 0) == 0
                {
                    Thread.sleep(forTimeInterval: 0.02)
                }
                XCTAssertNil(second.withLock { $0 }, "the second refund went ahead without waiting for the first")
            }
        }
        done.wait()
        let reversed = try XCTUnwrap(second.withLock { $0 }).get()
        XCTAssertEqual(reversed, [QuestReversal(quest: "two-orders", period: "once", reversed: 100, shortfall: 0)])
        XCTAssertEqual(try ledger().map(\.amount), [100, -100])
        XCTAssertEqual(try ledger().last?.key, "reversal:quest:two-orders:\(ann):once")
        // Counted again (a retried refund): nothing more.
        XCTAssertEqual(
            try pool.withConnection { try reversal.reverse(settings: settings, participant: ann, at: now, $0) }, [])
        XCTAssertEqual(try ledger().count, 2)
    }
}
