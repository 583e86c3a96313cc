import Foundation
import Kernel
import Postgres

/// The tap game's per-participant state, changed under `SELECT … FOR UPDATE` so that concurrent
/// batches of one participant are applied one after the other.
public struct TapStore: Sendable {
    public struct Result: Sendable, Equatable {
        public var outcome: TapRules.Outcome
        public var balance: Int64
        /// The batch id was used before: nothing was credited again.
        public var duplicate: Bool
    }

    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// The state as of `nowMillis` (regenerated, not written).
    public func state(_ participant: Int64, limits: TapRules.Limits, nowMillis: Int64, _ conn: PostgresConnection) throws -> TapRules.State {
        guard let row = try conn.query(
            "SELECT energy_units, token_units, updated_ms FROM \(ident: schema).tap_state WHERE participant_id = \(participant)"
        ).first else { return .fresh(limits, at: nowMillis) }
        let stored = TapRules.State(
            energyUnits: try row.decode(Int64.self, 0), tokenUnits: try row.decode(Int64.self, 1), updatedMillis: try row.decode(Int64.self, 2))
        return TapRules.regenerate(stored, limits, now: nowMillis)
    }

    /// Credits a batch of `requested` taps identified by `batch` (a retried batch is credited once).
    public func apply(_ participant: Int64, requested: Int64, batch: String, limits: TapRules.Limits, now: Date, _ conn: PostgresConnection)
        throws -> Result
    {
        let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let key = "tap:\(participant):\(batch)"
        let ledger = PointsLedger(schema: schema)
        return try conn.transaction { conn in
            let fresh = TapRules.State.fresh(limits, at: nowMillis)
            try conn.execute(
                """
                INSERT INTO \(ident: schema).tap_state (participant_id, energy_units, token_units, updated_ms)
                VALUES (\(participant), \(fresh.energyUnits), \(fresh.tokenUnits), \(fresh.updatedMillis)) ON CONFLICT DO NOTHING
                """)
            let row = try conn.query(
                "SELECT energy_units, token_units, updated_ms FROM \(ident: schema).tap_state WHERE participant_id = \(participant) FOR UPDATE"
            ).first!
            let stored = TapRules.State(
                energyUnits: try row.decode(Int64.self, 0), tokenUnits: try row.decode(Int64.self, 1), updatedMillis: try row.decode(Int64.self, 2))
            // Checked under the row lock, so a retried batch racing its original sees it.
            if let previous = try ledger.amount(forKey: key, conn) {
                let state = TapRules.regenerate(stored, limits, now: nowMillis)
                let credited = previous / max(1, limits.pointsPerTap)
                return Result(
                    outcome: .init(state: state, credited: credited, points: previous, limitedBy: nil), balance: try ledger.balance(participant, conn),
                    duplicate: true)
            }
            let outcome = TapRules.apply(stored, requested: requested, limits: limits, now: nowMillis)
            try conn.execute(
                """
                UPDATE \(ident: schema).tap_state
                SET energy_units = \(outcome.state.energyUnits), token_units = \(outcome.state.tokenUnits), updated_ms = \(outcome.state.updatedMillis)
                WHERE participant_id = \(participant)
                """)
            var balance: Int64
            if outcome.points > 0 {
                switch try ledger.award(
                    Award(participantID: participant, amount: outcome.points, reason: "tap", reference: String(outcome.credited), idempotencyKey: key),
                    at: now, conn)
                {
                case .awarded(let b), .duplicate(let b): balance = b
                }
            } else {
                balance = try ledger.balance(participant, conn)
            }
            return Result(outcome: outcome, balance: balance, duplicate: false)
        }
    }
}
