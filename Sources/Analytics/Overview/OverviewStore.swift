import Foundation
import Postgres

/// The Overview's SQL over one tenant schema. Every query is bounded by an index range so it
/// stays fast at a million participants (docs/back-office.md has the EXPLAIN figures):
/// `participants_joined_source` (0016) for joins and sources, `participants_last_seen` (0020) for
/// DAU/WAU/MAU, `payments_paid_at` (0016) for orders and revenue, and `daily_active` (0016, kept
/// by the navigation intake) for the daily visitors.
struct OverviewStore: Sendable {
    let schema: Identifier
    /// How many start parameters the Overview lists.
    static let topSources = 10

    func report(_ window: OverviewWindow, now: Date, _ conn: PostgresConnection) throws -> OverviewReport {
        var report = OverviewReport()
        let (from, to) = (window.from, window.to)
        // Day offsets in the window: date arithmetic on the UTC day (integers, not numeric epochs).
        let firstDay = window.dayName(0)
        func offset(_ column: String) -> SQL {
            "((\(unsafeRaw: column) AT TIME ZONE 'UTC')::date - \(firstDay)::date)::bigint"
        }

        report.totalParticipants = try conn.query("SELECT count(*) FROM \(ident: schema).participants").first!.decode(
            Int64.self, 0)
        for row in try conn.query(
            """
            SELECT \(fragment: offset("first_seen_at")), count(*) FROM \(ident: schema).participants
            WHERE first_seen_at >= \(from) AND first_seen_at < \(to) GROUP BY 1
            """)
        {
            report.newByDay[Int(try row.decode(Int64.self, 0))] = try row.decode(Int64.self, 1)
        }

        // last_seen_at only moves forward, so "seen since T" counts exactly who was active since T;
        // it cannot say who was active on a past day: the series reads the intake's daily counts.
        let active = try conn.query(
            """
            SELECT count(*) FILTER (WHERE last_seen_at >= \(now.addingTimeInterval(-86_400))),
                   count(*) FILTER (WHERE last_seen_at >= \(now.addingTimeInterval(-7 * 86_400))),
                   count(*)
            FROM \(ident: schema).participants WHERE last_seen_at >= \(now.addingTimeInterval(-30 * 86_400))
            """
        ).first!
        report.dau = try active.decode(Int64.self, 0)
        report.wau = try active.decode(Int64.self, 1)
        report.mau = try active.decode(Int64.self, 2)
        for row in try conn.query(
            """
            SELECT (day - \(firstDay)::date)::bigint, participants FROM \(ident: schema).daily_active
            WHERE day >= \(firstDay)::date AND day <= \(window.dayName(window.days - 1))::date
            """)
        {
            report.activeByDay[Int(try row.decode(Int64.self, 0))] = try row.decode(Int64.self, 1)
        }

        report.sources = try conn.query(
            """
            SELECT source, count(*) FROM \(ident: schema).participants
            WHERE first_seen_at >= \(from) AND first_seen_at < \(to)
            GROUP BY source ORDER BY count(*) DESC, source NULLS LAST LIMIT \(Self.topSources)
            """
        ).map { (try $0.decode(String?.self, 0), try $0.decode(Int64.self, 1)) }

        // Paid orders and tickets are the payments whose invoice payload names them (Shop's
        // `order:`, Events' `ticket:`); revenue counts Stars (XTR) only.
        for row in try conn.query(
            """
            SELECT \(fragment: offset("paid_at")),
                   count(*) FILTER (WHERE invoice_payload LIKE 'order:%'),
                   count(*) FILTER (WHERE invoice_payload LIKE 'ticket:%'),
                   coalesce(sum(total_amount) FILTER (WHERE currency = 'XTR' AND refunded_at IS NULL), 0)::bigint,
                   coalesce(sum(total_amount) FILTER (WHERE currency = 'XTR' AND refunded_at IS NOT NULL), 0)::bigint
            FROM \(ident: schema).payments WHERE paid_at >= \(from) AND paid_at < \(to) GROUP BY 1
            """)
        {
            let day = Int(try row.decode(Int64.self, 0))
            report.paidOrders += try row.decode(Int64.self, 1)
            report.paidTickets += try row.decode(Int64.self, 2)
            let revenue = try row.decode(Int64.self, 3)
            report.revenueStars += revenue
            report.revenueByDay[day] = revenue
            report.refundedStars += try row.decode(Int64.self, 4)
        }
        // Dialogs (the Dialogs area's `conversations`): open ones, and how long the oldest
        // unanswered customer message has waited (index `conversations_state_waiting`).
        if let row = try conn.query(
            """
            SELECT count(*) FILTER (WHERE state = 'open'),
                   extract(epoch FROM \(now) - min(waiting_since) FILTER (WHERE state = 'open'))::float8
            FROM \(ident: schema).conversations WHERE state = 'open'
            """
        ).first {
            report.openDialogs = try row.decode(Int64.self, 0)
            report.oldestWaiting = try row.decode(Double?.self, 1).map { Int64(max(0, $0)) }
        }
        return report
    }
}
