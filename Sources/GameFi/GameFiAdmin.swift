import Blueprint
import Foundation
import Kernel
import Postgres

/// A blueprint quest as staff see it: the blueprint's definition, the override, the effective
/// reward and the claim statistics.
public struct AdminQuest: Sendable, Equatable {
    public var quest: Quest
    /// The blueprint's reward (before any override).
    public var blueprintReward: Int64
    public var override: QuestOverride?
    public var stats: QuestStats

    public var paused: Bool { override?.paused ?? false }
    public var reward: Int64 { override?.reward ?? blueprintReward }
}

/// A ledger row as the admin API lists it.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64
    public var participantID: Int64
    public var amount: Int64
    public var reason: String
    public var reference: String?
    public var idempotencyKey: String
    public var createdAt: Date
}

/// The outcome of a manual adjustment.
public struct AdjustmentResult: Sendable, Equatable {
    public var entry: LedgerEntry
    public var balance: Int64
    /// The key was used before for the same adjustment: nothing changed.
    public var duplicate: Bool
}

/// The staff side of GameFi: quest overrides and statistics, manual ledger adjustments.
extension GameFiService {
    /// Prefix of the ledger idempotency keys of manual adjustments (clients' keys go after it).
    public static let adjustmentKeyPrefix = "admin:"
    /// How many ledger rows `participantLedger` returns.
    public static let ledgerRowsShown = 50

    /// Every quest of `settings` in blueprint order, with overrides and stats (`now` − 7 days
    /// bounds the recent claims).
    public func adminQuests(schema: Identifier, settings: GameFiSettings, now: Date) throws -> [AdminQuest] {
        try pool.withConnection { conn in
            let store = QuestOverrideStore(schema: schema)
            let overrides = try store.all(conn)
            let stats = try store.stats(since: now.addingTimeInterval(-7 * 86_400), conn)
            return settings.quests.map {
                AdminQuest(quest: $0, blueprintReward: Int64($0.reward), override: overrides[$0.id], stats: stats[$0.id] ?? QuestStats())
            }
        }
    }

    /// Changes a quest's override: `paused` nil keeps it; `reward` nil keeps it, `.some(nil)`
    /// goes back to the blueprint's reward.
    public func setQuestOverride(
        schema: Identifier, settings: GameFiSettings, questID: String, paused: Bool?, reward: Int64??, staff: StaffActor, now: Date
    ) throws -> AdminQuest {
        guard settings.quests.contains(where: { $0.id == questID }) else { throw GameFiError.questNotFound(questID) }
        try pool.withConnection { conn in
            try conn.transaction { conn in
                let store = QuestOverrideStore(schema: schema)
                // Serialises concurrent changes of one quest (read-modify-write).
                try conn.execute("SELECT pg_advisory_xact_lock(hashtext(\(schema.raw + ":quest_overrides:" + questID)))")
                var override = try store.get(questID, conn) ?? QuestOverride(questID: questID)
                if let paused { override.paused = paused }
                if let reward { override.reward = reward }
                try store.put(override, by: staff, at: now, conn)
            }
        }
        return try adminQuests(schema: schema, settings: settings, now: now).first { $0.quest.id == questID }!
    }

    /// Records a manual adjustment of `amount` points (negative takes points away, never below a
    /// zero balance), idempotent on `key`: the same key with the same participant, amount and
    /// reason answers the first row; with anything else it is refused.
    public func adjustPoints(
        schema: Identifier, participant: Int64, amount: Int64, reason: String, key: String, staff: StaffActor, now: Date
    ) throws -> AdjustmentResult {
        precondition(amount != 0)
        let ledgerKey = Self.adjustmentKeyPrefix + key
        let ledger = PointsLedger(schema: schema)
        return try pool.withConnection { conn in
            try conn.transaction { conn in
                // The participant row lock serialises adjustments and quest reversals of one
                // participant, the only movements that take points away, so the balance check below holds.
                guard try !conn.query("SELECT 1 FROM \(ident: schema).participants WHERE id = \(participant) FOR UPDATE").isEmpty else {
                    throw GameFiError.participantNotFound(participant)
                }
                func existing() throws -> AdjustmentResult? {
                    guard let entry = try entries(schema: schema, key: ledgerKey, conn).first else { return nil }
                    guard entry.participantID == participant, entry.amount == amount, entry.reason == reason else {
                        throw GameFiError.idempotencyKeyReused(key)
                    }
                    return AdjustmentResult(entry: entry, balance: try ledger.balance(entry.participantID, conn), duplicate: true)
                }
                if let done = try existing() { return done }
                let balance = try ledger.balance(participant, conn)
                if amount < 0 && balance + amount < 0 { throw GameFiError.insufficientPoints(balance: balance) }
                let outcome = try ledger.award(
                    Award(participantID: participant, amount: amount, reason: reason, reference: staff.reference, idempotencyKey: ledgerKey),
                    at: now, conn)
                switch outcome {
                case .duplicate:
                    // A concurrent request with the same key won.
                    guard let done = try existing() else { throw GameFiError.idempotencyKeyReused(key) }
                    return done
                case .awarded(let newBalance):
                    let entry = try entries(schema: schema, key: ledgerKey, conn).first!
                    return AdjustmentResult(entry: entry, balance: newBalance, duplicate: false)
                }
            }
        }
    }

    /// The participant's balance and their last `ledgerRowsShown` ledger rows, newest first;
    /// nil when the participant does not exist.
    public func participantLedger(schema: Identifier, participant: Int64) throws -> (balance: Int64, entries: [LedgerEntry])? {
        try pool.withConnection { conn in
            guard try !conn.query("SELECT 1 FROM \(ident: schema).participants WHERE id = \(participant)").isEmpty else { return nil }
            let rows = try conn.query(
                """
                SELECT id, participant_id, amount, reason, reference, idempotency_key, created_at FROM \(ident: schema).points_ledger
                WHERE participant_id = \(participant) ORDER BY id DESC LIMIT \(Int64(Self.ledgerRowsShown))
                """)
            return (try PointsLedger(schema: schema).balance(participant, conn), try rows.map(Self.entry))
        }
    }

    private func entries(schema: Identifier, key: String, _ conn: PostgresConnection) throws -> [LedgerEntry] {
        try conn.query(
            """
            SELECT id, participant_id, amount, reason, reference, idempotency_key, created_at FROM \(ident: schema).points_ledger
            WHERE idempotency_key = \(key)
            """
        ).map(Self.entry)
    }

    private static func entry(_ row: PostgresRow) throws -> LedgerEntry {
        LedgerEntry(
            id: try row.decode(Int64.self, 0), participantID: try row.decode(Int64.self, 1), amount: try row.decode(Int64.self, 2),
            reason: try row.decode(String.self, 3), reference: try row.decode(String?.self, 4), idempotencyKey: try row.decode(String.self, 5),
            createdAt: try row.decode(Date.self, 6))
    }
}
