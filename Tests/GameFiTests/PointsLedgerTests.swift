import Blueprint
import Foundation
import GameFi
import Kernel
import Postgres
import Ratings
import TesseraTestSupport
import XCTest

/// The ledger, its rollups and the leaderboards read from them, on a real PostgreSQL.
final class PointsLedgerTests: XCTestCase {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Migrations/tenant")

    var pool: PostgresPool!
    let schema = try! Identifier("t_gamefi_test")
    /// Wednesday 2026-11-25 12:00 UTC.
    let now = Date(timeIntervalSince1970: 1_795_608_000)

    override func setUpWithError() throws {
        pool = PostgresPool(configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "gamefi")), maxConnections: 4)
        try pool.transaction { conn in
            _ = try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(Self.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    @discardableResult
    func participant(_ name: String, source: String? = nil) throws -> Int64 {
        try pool.query(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, source)
            VALUES ((SELECT coalesce(max(telegram_id), 1000) + 1 FROM \(ident: schema).participants), \(name), \(source)) RETURNING id
            """
        ).first!.decode(Int64.self, 0)
    }

    func award(_ participant: Int64, _ amount: Int64, key: String, at: Date? = nil) throws -> PointsLedger.Outcome {
        try pool.withConnection { conn in
            try PointsLedger(schema: schema).award(
                Award(participantID: participant, amount: amount, reason: "test", reference: nil, idempotencyKey: key), at: at ?? now, conn)
        }
    }

    func board(_ participant: Int64, _ period: RatingPeriod = .allTime, top: Int = 10, neighbours: Int = 2) throws -> Leaderboard {
        try pool.withConnection { conn in
            try RatingStore(schema: schema).leaderboard(
                source: .points, period: period, participant: participant, top: top, neighbours: neighbours, now: now, conn)
        }
    }

    func test_award_isIdempotentPerKey() throws {
        let ann = try participant("Ann")
        XCTAssertEqual(try award(ann, 10, key: "k1"), .awarded(balance: 10))
        XCTAssertEqual(try award(ann, 10, key: "k1"), .duplicate(balance: 10))
        XCTAssertEqual(try award(ann, -3, key: "k2"), .awarded(balance: 7))
        let rows = try pool.query("SELECT count(*) FROM \(ident: schema).points_ledger").first!.decode(Int64.self, 0)
        XCTAssertEqual(rows, 2)
    }

    func test_ledger_isAppendOnly() throws {
        let ann = try participant("Ann")
        _ = try award(ann, 10, key: "k1")
        XCTAssertThrowsError(try pool.execute("UPDATE \(ident: schema).points_ledger SET amount = 1000"))
        XCTAssertThrowsError(try pool.execute("DELETE FROM \(ident: schema).points_ledger"))
    }

    func test_leaderboard_ranksTiesEquallyWithNeighbours() throws {
        // Points: A 50, B 40, C 40, D 30, E 30, F 30, G 10.
        var ids: [String: Int64] = [:]
        for (name, points) in [("A", 50), ("B", 40), ("C", 40), ("D", 30), ("E", 30), ("F", 30), ("G", 10)] as [(String, Int64)] {
            let id = try participant(name)
            ids[name] = id
            // Two awards each, so the counts move between scores.
            _ = try award(id, points - 5, key: "\(name)-1")
            _ = try award(id, 5, key: "\(name)-2")
        }
        let e = try board(ids["E"]!)
        XCTAssertEqual(e.participants, 7)
        XCTAssertEqual(e.top.map(\.rank), [1, 2, 2, 4, 4, 4, 7])
        XCTAssertEqual(e.top.map(\.name), ["A", "B", "C", "D", "E", "F", "G"])
        XCTAssertEqual(e.me?.rank, 4)
        XCTAssertEqual(e.me?.points, 30)
        XCTAssertEqual(e.above.map(\.name), ["C", "D"])
        XCTAssertEqual(e.above.map(\.rank), [2, 4])
        XCTAssertEqual(e.below.map(\.name), ["F", "G"])
        XCTAssertEqual(e.below.map(\.rank), [4, 7])

        let a = try board(ids["A"]!, top: 3)
        XCTAssertEqual(a.me?.rank, 1)
        XCTAssertEqual(a.above, [])
        XCTAssertEqual(a.below.map(\.name), ["B", "C"])
        XCTAssertEqual(a.top.count, 3)

        // G overtakes everyone with one more award; ranks follow.
        _ = try award(ids["G"]!, 45, key: "G-3")
        let g = try board(ids["G"]!)
        XCTAssertEqual(g.me?.rank, 1)
        XCTAssertEqual(try board(ids["A"]!).me?.rank, 2)
        XCTAssertEqual(try board(ids["F"]!).me?.rank, 5)
        // The count rows agree with the scores.
        let mismatch = try pool.query(
            """
            SELECT count(*) FROM (SELECT points, count(*) AS n FROM \(ident: schema).rating_scores WHERE period = 'all_time' GROUP BY points) s
            FULL JOIN (SELECT points, participants FROM \(ident: schema).rating_counts WHERE period = 'all_time') c USING (points)
            WHERE s.n IS DISTINCT FROM c.participants
            """
        ).first!.decode(Int64.self, 0)
        XCTAssertEqual(mismatch, 0)
    }

    func test_periods_weekAndMonthResetWhileAllTimeAccumulates() throws {
        let ann = try participant("Ann")
        let lastMonth = now.addingTimeInterval(-30 * 86_400)
        _ = try award(ann, 100, key: "old", at: lastMonth)
        _ = try award(ann, 7, key: "new")
        XCTAssertEqual(try board(ann, .allTime).me?.points, 107)
        XCTAssertEqual(try board(ann, .month).me?.points, 7)
        XCTAssertEqual(try board(ann, .week).me?.points, 7)
        let bob = try participant("Bob")
        XCTAssertNil(try board(bob, .week).me)
        XCTAssertEqual(try board(bob, .week).top.map(\.name), ["Ann"])
    }

    func test_referralRewards_areGrantedOncePerFriend() throws {
        let referrer = try participant("Ann")
        try participant("Bob", source: ReferralCode.code(for: referrer))
        try participant("Cid", source: ReferralCode.code(for: referrer))
        try participant("Dan", source: "ad_campaign")
        let store = ReferralStore(schema: schema)
        for _ in 0..<3 {
            let invited = try pool.withConnection { try store.grantRewards(referrer: referrer, reward: 40, at: now, $0) }
            XCTAssertEqual(invited, 2)
        }
        let balance = try pool.withConnection { try PointsLedger(schema: schema).balance(referrer, $0) }
        XCTAssertEqual(balance, 80)
        // A third friend arrives later: only they are paid.
        try participant("Eve", source: ReferralCode.code(for: referrer))
        _ = try pool.withConnection { try store.grantRewards(referrer: referrer, reward: 40, at: now, $0) }
        XCTAssertEqual(try pool.withConnection { try PointsLedger(schema: schema).balance(referrer, $0) }, 120)
    }

    func test_referrals_alsoCountTheBotsReferralsTable() throws {
        let referrer = try participant("Ann")
        let viaApp = try participant("Bob", source: ReferralCode.code(for: referrer))
        let viaBot = try participant("Cid")
        try pool.execute(
            "INSERT INTO \(ident: schema).referrals (referrer_id, referred_id) VALUES (\(referrer), \(viaBot)), (\(referrer), \(viaApp))")
        let invited = try pool.withConnection { try ReferralStore(schema: schema).invited(by: referrer, $0) }
        XCTAssertEqual(Set(invited), [viaApp, viaBot])
    }

    func test_concurrentAwards_keepCountsConsistentWithoutDeadlocks() throws {
        let ids = try (0..<8).map { try participant("P\($0)") }
        let errors = LockedErrors()
        let pool = self.pool!
        let schema = self.schema
        let now = self.now
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<60 {
                let id = ids[(worker + i) % ids.count]
                let amount: Int64 = i % 7 == 0 ? -2 : Int64(1 + (i % 3))
                do {
                    try pool.withConnection { conn in
                        _ = try PointsLedger(schema: schema).award(
                            Award(participantID: id, amount: amount, reason: "test", reference: nil, idempotencyKey: "w\(worker)-\(i)"), at: now, conn)
                    }
                } catch { errors.append(error) }
            }
        }
        XCTAssertEqual(errors.all.count, 0, "\(errors.all)")
        let mismatch = try pool.query(
            """
            SELECT count(*) FROM (SELECT period, points, count(*) AS n FROM \(ident: schema).rating_scores GROUP BY period, points) s
            FULL JOIN (SELECT period, points, participants FROM \(ident: schema).rating_counts) c USING (period, points)
            WHERE s.n IS DISTINCT FROM c.participants
            """
        ).first!.decode(Int64.self, 0)
        XCTAssertEqual(mismatch, 0)
        let sums = try pool.query(
            """
            SELECT (SELECT sum(amount) FROM \(ident: schema).points_ledger)::bigint,
                   (SELECT sum(points) FROM \(ident: schema).rating_scores WHERE period = 'all_time')::bigint
            """
        ).first!
        XCTAssertEqual(try sums.decode(Int64.self, 0), try sums.decode(Int64.self, 1))
    }
}

/// Collects errors from concurrent workers (guarded by the lock).
final class LockedErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func append(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
