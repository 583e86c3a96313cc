import Blueprint
import Foundation
import Postgres

/// The leaderboard rollups of a tenant schema (`rating_scores`, `rating_counts`): every area that
/// produces a fact a board ranks by (GameFi points, shop purchases, referrals) moves a score here,
/// in the fact's own transaction, and the ratings area reads them back.
///
/// Locks are taken in one global order so concurrent movements never wait on each other in a
/// cycle: sources in `sourceOrder`, then periods in `RatingPeriod.lockOrder`, then count rows in
/// ascending score order. A transaction that moves several sources moves them in `sourceOrder`.
public struct ScoreRollup: Sendable {
    /// The order in which one transaction moves several sources (a refund: purchases, then the
    /// points its quests paid).
    public static let sourceOrder: [BoardSource] = [.purchases, .referrals, .points]

    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Adds `amount` to the participant's `source` score in the week, month and all-time periods
    /// containing `date`; the new all-time score.
    @discardableResult
    public func add(
        _ amount: Int64, to participant: Int64, source: BoardSource, at date: Date, _ conn: PostgresConnection
    )
        throws -> Int64
    {
        var allTime: Int64 = 0
        for period in RatingPeriod.lockOrder {
            let score = try add(amount, to: participant, source: source, period: period, at: date, conn)
            if period == .allTime { allTime = score }
        }
        return allTime
    }

    /// Adds `amount` to the participant's score for the period containing `date` and moves them
    /// between the per-score counts; a score that reaches zero is removed. Returns the new score.
    func add(
        _ amount: Int64, to participant: Int64, source: BoardSource, period: RatingPeriod, at date: Date,
        _ conn: PostgresConnection
    ) throws -> Int64 {
        precondition(amount != 0, "a movement moves the score")
        let source = source.rawValue
        let start = period.start(
            containing: UTCDay(unixMillis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        )
        .description
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).rating_scores AS s (source, period, period_start, participant_id, points)
            VALUES (\(source), \(period.rawValue), \(start)::date, \(participant), \(amount))
            ON CONFLICT (source, period, period_start, participant_id) DO UPDATE SET points = s.points + EXCLUDED.points
            RETURNING points, (xmax = 0)
            """
        ).first!
        let new = try row.decode(Int64.self, 0)
        let created = try row.decode(Bool.self, 1)
        // A score back at zero (a refunded buyer, reversed points) is no score: the row goes, so
        // the board neither lists nor counts them. The upsert holds its lock until commit; a
        // concurrent movement waiting on it then inserts afresh.
        if new == 0 {
            try conn.execute(
                """
                DELETE FROM \(ident: schema).rating_scores
                WHERE source = \(source) AND period = \(period.rawValue) AND period_start = \(start)::date
                  AND participant_id = \(participant)
                """)
        }
        // Count rows are locked in ascending score order (after the fixed period order), the same
        // order in every transaction, so two movements never wait on each other in a cycle.
        var changes: [(points: Int64, delta: Int64)] = new == 0 ? [] : [(new, Int64(1))]
        if !created { changes.append((new - amount, -1)) }
        for change in changes.sorted(by: { $0.points < $1.points }) {
            if change.delta > 0 {
                try conn.execute(
                    """
                    INSERT INTO \(ident: schema).rating_counts AS c (source, period, period_start, points, participants)
                    VALUES (\(source), \(period.rawValue), \(start)::date, \(change.points), 1)
                    ON CONFLICT (source, period, period_start, points) DO UPDATE SET participants = c.participants + 1
                    """)
            } else {
                let left = try conn.query(
                    """
                    UPDATE \(ident: schema).rating_counts SET participants = participants - 1
                    WHERE source = \(source) AND period = \(period.rawValue) AND period_start = \(start)::date AND points = \(change.points)
                    RETURNING participants
                    """
                ).first?.decode(Int64.self, 0)
                // Empty score values would only lengthen the rank scan.
                if let left, left <= 0 {
                    try conn.execute(
                        """
                        DELETE FROM \(ident: schema).rating_counts
                        WHERE source = \(source) AND period = \(period.rawValue) AND period_start = \(start)::date
                          AND points = \(change.points) AND participants <= 0
                        """)
                }
            }
        }
        return new
    }

    /// The participant's all-time `source` score (0 without one).
    public func allTimeScore(_ participant: Int64, source: BoardSource, _ conn: PostgresConnection) throws -> Int64 {
        try conn.query(
            """
            SELECT points FROM \(ident: schema).rating_scores
            WHERE source = \(source.rawValue) AND period = 'all_time' AND period_start = '1970-01-01' AND participant_id = \(participant)
            """
        ).first?.decode(Int64.self, 0) ?? 0
    }
}
