import Blueprint
import Foundation
import Kernel
import Postgres

/// One movement of points for a participant.
public struct Award: Sendable, Equatable {
    public var participantID: Int64
    /// Points; negative for a reversal. Never zero.
    public var amount: Int64
    /// Why: `quest`, `tap`, `referral`, `reversal`, …
    public var reason: String
    /// What it refers to (a quest id, a referred participant …).
    public var reference: String?
    /// Unique per movement: a retried claim finds its key and awards nothing.
    public var idempotencyKey: String

    public init(participantID: Int64, amount: Int64, reason: String, reference: String?, idempotencyKey: String) {
        self.participantID = participantID
        self.amount = amount
        self.reason = reason
        self.reference = reference
        self.idempotencyKey = idempotencyKey
    }
}

/// The append-only points ledger of a tenant schema, and the leaderboard rollups it keeps current.
public struct PointsLedger: Sendable {
    /// The board source that GameFi points feed.
    public static let source = "points"

    public enum Outcome: Sendable, Equatable {
        /// Recorded now; the participant's new balance.
        case awarded(balance: Int64)
        /// The idempotency key was already used: nothing changed.
        case duplicate(balance: Int64)
    }

    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Records `award` and updates the week, month and all-time rollups in one transaction (a
    /// savepoint when the caller already opened one).
    @discardableResult
    public func award(_ award: Award, at now: Date, _ conn: PostgresConnection) throws -> Outcome {
        precondition(award.amount != 0, "an award moves points")
        return try conn.transaction { conn in
            let inserted = try conn.query(
                """
                INSERT INTO \(ident: schema).points_ledger (participant_id, amount, reason, reference, idempotency_key, created_at)
                VALUES (\(award.participantID), \(award.amount), \(award.reason), \(award.reference), \(award.idempotencyKey), \(now))
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id
                """)
            guard !inserted.isEmpty else { return .duplicate(balance: try balance(award.participantID, conn)) }
            var balance: Int64 = 0
            for period in RatingPeriod.lockOrder {
                let points = try addToRollup(
                    source: Self.source, period: period, participant: award.participantID, amount: award.amount, at: now, conn)
                if period == .allTime { balance = points }
            }
            return .awarded(balance: balance)
        }
    }

    /// Adds `amount` to the participant's score for the period containing `now` and moves them
    /// between the per-score counts. Returns the new score.
    func addToRollup(source: String, period: RatingPeriod, participant: Int64, amount: Int64, at now: Date, _ conn: PostgresConnection)
        throws -> Int64
    {
        let start = period.start(containing: UTCDay(unixMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))).description
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
        // Count rows are locked in ascending score order (after the fixed period order), the same
        // order in every transaction, so two awards never wait on each other in a cycle.
        var changes: [(points: Int64, delta: Int64)] = [(new, 1)]
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

    /// The participant's balance: the sum of their ledger, kept as the all-time rollup.
    public func balance(_ participant: Int64, _ conn: PostgresConnection) throws -> Int64 {
        try conn.query(
            """
            SELECT points FROM \(ident: schema).rating_scores
            WHERE source = \(Self.source) AND period = 'all_time' AND period_start = '1970-01-01' AND participant_id = \(participant)
            """
        ).first?.decode(Int64.self, 0) ?? 0
    }

    /// The amount recorded under `key`, if any.
    public func amount(forKey key: String, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT amount FROM \(ident: schema).points_ledger WHERE idempotency_key = \(key)").first?.decode(Int64.self, 0)
    }
}
