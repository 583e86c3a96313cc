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

/// The append-only points ledger of a tenant schema; each award moves the `points` rollups
/// (`ScoreRollup`) in its transaction.
public struct PointsLedger: Sendable {
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
            let balance = try ScoreRollup(schema: schema).add(
                award.amount, to: award.participantID, source: .points, at: now, conn)
            return .awarded(balance: balance)
        }
    }

    /// The participant's balance: the sum of their ledger, kept as the all-time rollup.
    public func balance(_ participant: Int64, _ conn: PostgresConnection) throws -> Int64 {
        try ScoreRollup(schema: schema).allTimeScore(participant, source: .points, conn)
    }

    /// The amount recorded under `key`, if any.
    public func amount(forKey key: String, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT amount FROM \(ident: schema).points_ledger WHERE idempotency_key = \(key)").first?.decode(Int64.self, 0)
    }
}
