import Foundation
import Kernel
import Postgres

/// Quest claims, section visits and the counts quests are judged on, in a tenant schema.
public struct QuestStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// The facts about `participant` that quest eligibility needs; `invited` and `purchases` are
    /// passed in (they come from other areas' tables).
    public func facts(_ participant: Int64, invited: Int64, purchases: Int64, _ conn: PostgresConnection) throws -> QuestFacts {
        var facts = QuestFacts(invited: invited, purchases: purchases)
        // 'once' (and 'once:<n>') sorts after every date, so DISTINCT ON keeps the standing one-off
        // claim and the latest day for check-ins; revoked claims do not stand.
        for row in try conn.query(
            """
            SELECT DISTINCT ON (quest_id) quest_id, period, streak FROM \(ident: schema).quest_claims
            WHERE participant_id = \(participant) AND revoked_at IS NULL ORDER BY quest_id, period DESC
            """)
        {
            let quest = try row.decode(String.self, 0)
            let period = try row.decode(String.self, 1)
            if QuestEligibility.isOnce(period) {
                facts.claimed.insert(quest)
            } else if let day = Self.day(period) {
                facts.checkins[quest] = (day, try row.decode(Int64.self, 2))
            }
        }
        for row in try conn.query(
            """
            SELECT quest_id, count(*), coalesce(sum(shortfall), 0)::bigint - coalesce(sum(settled), 0)::bigint
            FROM \(ident: schema).quest_claims
            WHERE participant_id = \(participant) AND period LIKE 'once%'
            GROUP BY quest_id HAVING count(*) FILTER (WHERE revoked_at IS NOT NULL) > 0
            """)
        {
            // Every one-off claim but a standing one is revoked (quest_claims_one_standing).
            let quest = try row.decode(String.self, 0)
            let rows = Int(try row.decode(Int64.self, 1))
            let revoked = facts.claimed.contains(quest) ? rows - 1 : rows
            facts.revoked[quest] = RevokedClaims(count: revoked, debt: max(0, try row.decode(Int64.self, 2)))
        }
        for row in try conn.query("SELECT section FROM \(ident: schema).section_visits WHERE participant_id = \(participant)") {
            facts.visitedSections.insert(try row.decode(String.self, 0))
        }
        return facts
    }

    /// Records a claim (`settled`: shortfall of earlier claims it paid off); false when this
    /// (quest, period) was already claimed, or a one-off quest has a standing claim.
    public func insertClaim(
        _ participant: Int64, quest: String, period: String, streak: Int64, points: Int64, settled: Int64 = 0, at now: Date,
        _ conn: PostgresConnection
    ) throws -> Bool {
        try !conn.query(
            """
            INSERT INTO \(ident: schema).quest_claims (participant_id, quest_id, period, streak, points, settled, claimed_at)
            VALUES (\(participant), \(quest), \(period), \(streak), \(points), \(settled), \(now))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty
    }

    /// Remembers that `participant` opened `section` (first time only).
    public func recordVisit(_ participant: Int64, section: String, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).section_visits (participant_id, section) VALUES (\(participant), \(section))
            ON CONFLICT DO NOTHING
            """)
    }

    /// The participant's paid shop orders (tenant migration 0006; refunded ones do not count).
    public func paidOrders(_ participant: Int64, _ conn: PostgresConnection) throws -> Int64 {
        try conn.query(
            "SELECT count(*) FROM \(ident: schema).orders WHERE participant_id = \(participant) AND status = 'paid'"
        ).first!.decode(Int64.self, 0)
    }

    static func day(_ text: String) -> UTCDay? {
        let parts = text.split(separator: "-").compactMap { Int64($0) }
        guard parts.count == 3 else { return nil }
        return UTCDay(year: parts[0], month: parts[1], day: parts[2])
    }
}
