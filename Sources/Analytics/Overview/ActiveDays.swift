import Foundation
import Postgres

/// Mini-app visitors per UTC day, kept by the navigation-event intake in each batch's transaction:
/// a row per participant and day (`active_days`, the last `keptDays` days) and a counter per day
/// (`daily_active`), so the Overview's daily series reads one row per day instead of a month of events.
enum ActiveDays {
    /// Days of `active_days` kept: enough for the 30-day window and events up to 7 days late.
    static let keptDays = 40

    struct Visit: Hashable, Comparable {
        var day: Int64
        var participant: Int64
        static func < (a: Visit, b: Visit) -> Bool { (a.day, a.participant) < (b.day, b.participant) }
    }

    /// The distinct (UTC day, participant) pairs of `events`, in key order.
    static func visits(_ events: [RecordedNavigationEvent]) -> [Visit] {
        Set(
            events.map {
                Visit(
                    day: Int64(($0.event.occurredAt.timeIntervalSince1970 / 86_400).rounded(.down)),
                    participant: $0.participantID)
            }
        )
        .sorted()
    }

    /// Records the visits of `events`; a participant's first visit of a day adds one to that day's count.
    static func record(_ events: [RecordedNavigationEvent], schema: Identifier, _ conn: PostgresConnection) throws {
        let visits = visits(events)
        guard !visits.isEmpty else { return }
        // Rows are inserted in key order (WITH ORDINALITY … ORDER BY n), and counters updated in day
        // order, so concurrent writers wait for each other instead of deadlocking.
        _ = try conn.execute(
            """
            WITH fresh AS (
                INSERT INTO \(ident: schema).active_days (day, participant_id)
                SELECT date '1970-01-01' + d::int, p
                FROM unnest(\(PostgresArray(visits.map(\.day)))::bigint[], \(PostgresArray(visits.map(\.participant)))::bigint[])
                     WITH ORDINALITY AS x(d, p, n)
                ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING day
            )
            INSERT INTO \(ident: schema).daily_active (day, participants)
            SELECT day, count(*) FROM fresh GROUP BY day ORDER BY day
            ON CONFLICT (day) DO UPDATE SET participants = \(ident: schema).daily_active.participants + EXCLUDED.participants
            """)
        // An index probe when there is nothing to prune (every batch but the first of a day).
        _ = try conn.execute(
            "DELETE FROM \(ident: schema).active_days WHERE day < (now() AT TIME ZONE 'UTC')::date - \(keptDays)::int")
    }
}
