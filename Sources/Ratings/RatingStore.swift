import Blueprint
import Foundation
import Kernel
import Postgres

/// One row of a leaderboard.
public struct LeaderboardEntry: Sendable, Equatable {
    public var rank: Int64
    public var participantID: Int64
    public var name: String
    public var points: Int64

    public init(rank: Int64, participantID: Int64, name: String, points: Int64) {
        self.rank = rank
        self.participantID = participantID
        self.name = name
        self.points = points
    }
}

/// A leaderboard as one participant sees it.
public struct Leaderboard: Sendable, Equatable {
    public var period: RatingPeriod
    public var periodStart: UTCDay
    /// Participants with a score in the period.
    public var participants: Int64
    public var top: [LeaderboardEntry]
    /// The caller; nil when they have no score in the period.
    public var me: LeaderboardEntry?
    /// Up to n rows above and n below the caller, in rank order, the caller excluded.
    public var above: [LeaderboardEntry]
    public var below: [LeaderboardEntry]
}

/// Reads leaderboards from the rollups the producing areas maintain (`ScoreRollup`).
public struct RatingStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    public func leaderboard(
        source: BoardSource, period: RatingPeriod, participant: Int64, top limit: Int, neighbours: Int, now: Date, _ conn: PostgresConnection
    ) throws -> Leaderboard {
        let start = period.start(containing: UTCDay(unixMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down))))
        let key: SQL = "source = \(source.rawValue) AND period = \(period.rawValue) AND period_start = \(start.description)::date"
        let topRows = try conn.query(
            """
            SELECT s.participant_id, s.points, coalesce(p.first_name, '')
            FROM \(ident: schema).rating_scores s LEFT JOIN \(ident: schema).participants p ON p.id = s.participant_id
            WHERE s.\(fragment: key)
            ORDER BY s.points DESC, s.participant_id
            LIMIT \(limit)
            """
        ).map { row in (try row.decode(Int64.self, 0), try row.decode(Int64.self, 1), try row.decode(String.self, 2)) }
        let topRanks = RankArithmetic.ranks(sortedPoints: topRows.map(\.1))
        let top = zip(topRows, topRanks).map { LeaderboardEntry(rank: $1, participantID: $0.0, name: $0.2, points: $0.1) }
        guard let mineRow = try conn.query(
            """
            SELECT s.points, coalesce(p.first_name, '')
            FROM \(ident: schema).rating_scores s LEFT JOIN \(ident: schema).participants p ON p.id = s.participant_id
            WHERE s.\(fragment: key) AND s.participant_id = \(participant)
            """
        ).first else {
            let total = try conn.query("SELECT coalesce(sum(participants), 0)::bigint FROM \(ident: schema).rating_counts WHERE \(fragment: key)")
                .first!.decode(Int64.self, 0)
            return Leaderboard(period: period, periodStart: start, participants: total, top: top, me: nil, above: [], below: [])
        }
        let mine = try mineRow.decode(Int64.self, 0)
        // Rank = 1 + participants with strictly more points: a sum over the distinct scores (not
        // the participants) above mine; the same scan gives the board's size.
        let sums = try conn.query(
            """
            SELECT 1 + coalesce(sum(participants) FILTER (WHERE points > \(mine)), 0)::bigint, coalesce(sum(participants), 0)::bigint
            FROM \(ident: schema).rating_counts WHERE \(fragment: key)
            """
        ).first!
        let myRank = try sums.decode(Int64.self, 0)
        let total = try sums.decode(Int64.self, 1)
        let me = LeaderboardEntry(rank: myRank, participantID: participant, name: try mineRow.decode(String.self, 1), points: mine)
        guard neighbours > 0 else {
            return Leaderboard(period: period, periodStart: start, participants: total, top: top, me: me, above: [], below: [])
        }

        // Nearest rows on each side of (mine, participant) in the order points DESC, participant_id.
        let near = try conn.query(
            """
            SELECT n.side, n.participant_id, n.points, coalesce(p.first_name, '') FROM (
                (SELECT 'a' AS side, participant_id, points FROM \(ident: schema).rating_scores
                 WHERE \(fragment: key) AND points = \(mine) AND participant_id < \(participant)
                 ORDER BY participant_id DESC LIMIT \(neighbours))
                UNION ALL
                (SELECT 'a', participant_id, points FROM \(ident: schema).rating_scores
                 WHERE \(fragment: key) AND points > \(mine)
                 ORDER BY points, participant_id DESC LIMIT \(neighbours))
                UNION ALL
                (SELECT 'b', participant_id, points FROM \(ident: schema).rating_scores
                 WHERE \(fragment: key) AND points = \(mine) AND participant_id > \(participant)
                 ORDER BY participant_id LIMIT \(neighbours))
                UNION ALL
                (SELECT 'b', participant_id, points FROM \(ident: schema).rating_scores
                 WHERE \(fragment: key) AND points < \(mine)
                 ORDER BY points DESC, participant_id LIMIT \(neighbours))
            ) n LEFT JOIN \(ident: schema).participants p ON p.id = n.participant_id
            """
        ).map { row in (try row.decode(String.self, 0), try row.decode(Int64.self, 1), try row.decode(Int64.self, 2), try row.decode(String.self, 3)) }
        let order: ((Int64, Int64), (Int64, Int64)) -> Bool = { l, r in l.1 != r.1 ? l.1 > r.1 : l.0 < r.0 }
        let aboveRows = near.filter { $0.0 == "a" }.sorted { order(($0.1, $0.2), ($1.1, $1.2)) }.suffix(neighbours)
        let belowRows = near.filter { $0.0 == "b" }.sorted { order(($0.1, $0.2), ($1.1, $1.2)) }.prefix(neighbours)
        let shown = aboveRows.map(\.2) + belowRows.map(\.2)
        var counts: [(points: Int64, participants: Int64)] = []
        if let low = shown.min(), let high = shown.max() {
            counts = try conn.query(
                """
                SELECT points, participants FROM \(ident: schema).rating_counts
                WHERE \(fragment: key) AND points BETWEEN \(min(low, mine)) AND \(max(high, mine))
                """
            ).map { (try $0.decode(Int64.self, 0), try $0.decode(Int64.self, 1)) }
        }
        func entry(_ row: (String, Int64, Int64, String)) -> LeaderboardEntry {
            LeaderboardEntry(
                rank: RankArithmetic.rank(of: row.2, mine: mine, myRank: myRank, counts: counts), participantID: row.1, name: row.3,
                points: row.2)
        }
        return Leaderboard(
            period: period, periodStart: start, participants: total, top: top, me: me, above: aboveRows.map(entry),
            below: belowRows.map(entry))
    }
}
