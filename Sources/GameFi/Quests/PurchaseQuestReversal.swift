import Blueprint
import Foundation
import Kernel
import Postgres

/// A reward taken back because its quest's condition no longer holds.
public struct QuestReversal: Sendable, Equatable {
    public var quest: String
    /// The revoked claim's period (`once`, `once:2`, …).
    public var period: String
    /// Points taken back (a negative ledger row of this size; none when 0).
    public var reversed: Int64
    /// Points the claim paid that could not be taken back: spent meanwhile (the balance never
    /// goes below zero). A later claim of the quest pays this off first.
    public var shortfall: Int64

    public init(quest: String, period: String, reversed: Int64, shortfall: Int64) {
        self.quest = quest
        self.period = period
        self.reversed = reversed
        self.shortfall = shortfall
    }
}

/// Takes back "reach N purchases" rewards once refunds bring the buyer below N. Runs inside the
/// refund's transaction (the shop calls it through its refund hook), so the order's refund, the
/// negative ledger row and the leaderboard rollups commit together or not at all.
///
/// Every refund of a participant and every claim of a purchases quest first lock the
/// participant's row, as manual adjustments do: the count of paid orders is taken after the
/// lock, so two refunds in parallel cannot both miss the drop below N, and a claim cannot count
/// an order whose refund commits meanwhile. The reversal's key is `reversal:` + the award's key,
/// so a repeated refund (Telegram's `refunded_payment` after the admin refund, a retried update)
/// takes nothing back twice.
public struct PurchaseQuestReversal: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Locks the participant's row for the rest of the transaction.
    public func lockParticipant(_ participant: Int64, _ conn: PostgresConnection) throws {
        try conn.execute("SELECT 1 FROM \(ident: schema).participants WHERE id = \(participant) FOR UPDATE")
    }

    /// Revokes the standing claims of `settings`' purchases quests whose target `participant` no
    /// longer reaches, taking back what each paid as far as the balance allows.
    @discardableResult
    public func reverse(settings: GameFiSettings, participant: Int64, at now: Date, _ conn: PostgresConnection) throws
        -> [QuestReversal]
    {
        let targets = settings.quests.compactMap { quest -> (id: String, target: Int64)? in
            if case .purchases(let count) = quest.kind { (quest.id, Int64(count)) } else { nil }
        }
        guard !targets.isEmpty else { return [] }
        return try conn.transaction { conn in
            try lockParticipant(participant, conn)
            let paid = try QuestStore(schema: schema).paidOrders(participant, conn)
            let ledger = PointsLedger(schema: schema)
            var out: [QuestReversal] = []
            for (quest, target) in targets where paid < target {
                guard
                    let claim = try conn.query(
                        """
                        SELECT period, points FROM \(ident: schema).quest_claims
                        WHERE participant_id = \(participant) AND quest_id = \(quest) AND period LIKE 'once%' AND revoked_at IS NULL
                        FOR UPDATE
                        """
                    ).first
                else { continue }
                let period = try claim.decode(String.self, 0)
                let paidOut = try claim.decode(Int64.self, 1)
                let reversed = min(paidOut, max(0, try ledger.balance(participant, conn)))
                try conn.execute(
                    """
                    UPDATE \(ident: schema).quest_claims
                    SET revoked_at = \(now), reversed_points = \(reversed), shortfall = \(paidOut - reversed)
                    WHERE participant_id = \(participant) AND quest_id = \(quest) AND period = \(period)
                    """)
                if reversed > 0 {
                    try ledger.award(
                        Award(
                            participantID: participant, amount: -reversed, reason: "reversal", reference: quest,
                            idempotencyKey: QuestEligibility.reversalKey(
                                quest: quest, participant: participant, period: period)),
                        at: now, conn)
                }
                out.append(
                    QuestReversal(quest: quest, period: period, reversed: reversed, shortfall: paidOut - reversed))
            }
            return out
        }
    }
}
