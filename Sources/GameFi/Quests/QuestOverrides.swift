import Blueprint
import Foundation
import Kernel
import Postgres

/// A staff override of a blueprint quest (tenant migration 0007): paused, and/or another reward.
public struct QuestOverride: Sendable, Equatable {
    public var questID: String
    public var paused: Bool
    /// nil: the blueprint's reward.
    public var reward: Int64?

    public init(questID: String, paused: Bool = false, reward: Int64? = nil) {
        self.questID = questID
        self.paused = paused
        self.reward = reward
    }
}

/// How often a quest was claimed.
public struct QuestStats: Sendable, Equatable {
    public var claims: Int64 = 0
    public var claimsLast7Days: Int64 = 0
    /// Points the claims paid, less what reversals took back.
    public var pointsAwarded: Int64 = 0
    /// Participants with at least one claim (for check-ins: at least one day).
    public var participants: Int64 = 0

    public init() {}
}

/// The `quest_overrides` table and the claim statistics the admin API shows.
public struct QuestOverrideStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Every stored override by quest id (also ids no longer in the blueprint; callers ignore those).
    public func all(_ conn: PostgresConnection) throws -> [String: QuestOverride] {
        var out: [String: QuestOverride] = [:]
        for row in try conn.query("SELECT quest_id, paused, reward FROM \(ident: schema).quest_overrides") {
            let id = try row.decode(String.self, 0)
            out[id] = QuestOverride(questID: id, paused: try row.decode(Bool.self, 1), reward: try row.decode(Int64?.self, 2))
        }
        return out
    }

    public func get(_ questID: String, _ conn: PostgresConnection) throws -> QuestOverride? {
        try conn.query("SELECT paused, reward FROM \(ident: schema).quest_overrides WHERE quest_id = \(questID)").first.map {
            QuestOverride(questID: questID, paused: try $0.decode(Bool.self, 0), reward: try $0.decode(Int64?.self, 1))
        }
    }

    /// Stores `override` (insert or replace), recording who changed it.
    public func put(_ override: QuestOverride, by staff: StaffActor, at now: Date, _ conn: PostgresConnection) throws {
        let (kind, id): (String, Int64) =
            switch staff {
            case .token(let id): ("token", id)
            case .person(let id): ("person", id)
            }
        try conn.execute(
            """
            INSERT INTO \(ident: schema).quest_overrides (quest_id, paused, reward, updated_by, updated_by_kind, updated_at)
            VALUES (\(override.questID), \(override.paused), \(override.reward), \(id), \(kind), \(now))
            ON CONFLICT (quest_id) DO UPDATE
            SET paused = EXCLUDED.paused, reward = EXCLUDED.reward, updated_by = EXCLUDED.updated_by,
                updated_by_kind = EXCLUDED.updated_by_kind, updated_at = EXCLUDED.updated_at
            """)
    }

    /// Claims per quest: all time, since `since`, points paid and distinct participants.
    public func stats(since: Date, _ conn: PostgresConnection) throws -> [String: QuestStats] {
        var out: [String: QuestStats] = [:]
        for row in try conn.query(
            """
            SELECT quest_id, count(*)::bigint, (count(*) FILTER (WHERE claimed_at >= \(since)))::bigint,
                   coalesce(sum(points - reversed_points), 0)::bigint, count(DISTINCT participant_id)::bigint
            FROM \(ident: schema).quest_claims GROUP BY quest_id
            """)
        {
            var stats = QuestStats()
            stats.claims = try row.decode(Int64.self, 1)
            stats.claimsLast7Days = try row.decode(Int64.self, 2)
            stats.pointsAwarded = try row.decode(Int64.self, 3)
            stats.participants = try row.decode(Int64.self, 4)
            out[try row.decode(String.self, 0)] = stats
        }
        return out
    }
}

extension GameFiSettings {
    /// The settings with overridden rewards applied (paused quests stay; callers check them).
    public func applying(_ overrides: [String: QuestOverride]) -> GameFiSettings {
        guard !overrides.isEmpty else { return self }
        var settings = self
        for index in settings.quests.indices {
            if let reward = overrides[settings.quests[index].id]?.reward { settings.quests[index].reward = Int(reward) }
        }
        return settings
    }
}
