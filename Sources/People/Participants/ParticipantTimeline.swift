import Foundation
import Kernel
import Postgres
import TesseraJSON

/// What a participant did, newest first, merged from the tables each area writes: navigation,
/// event registrations, orders, payments, points and messages. Read by SQL; no area is imported.
struct ParticipantTimeline: Sendable {
    let schema: Identifier

    /// The sources, in the order that breaks ties between items of the same instant (higher first).
    enum Source: Int, CaseIterable, Sendable {
        case navigation = 1
        case registration, order, payment, points, message

        var type: String {
            switch self {
            case .navigation: "navigation"
            case .registration: "registration"
            case .order: "order"
            case .payment: "payment"
            case .points: "points"
            case .message: "message"
            }
        }
    }

    /// Where a timeline page ends: the last item's instant (microseconds), source and id.
    struct Cursor: Equatable, Sendable {
        var micros: Int64
        var source: Source
        var id: Int64

        var encoded: String { Base64URLText.encode("t1:\(micros):\(source.rawValue):\(id)") }

        init(micros: Int64, source: Source, id: Int64) {
            self.micros = micros
            self.source = source
            self.id = id
        }

        init?(_ encoded: String) {
            guard encoded.utf8.count <= 200, let text = Base64URLText.decode(encoded) else { return nil }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "t1", let micros = Int64(parts[1]), let raw = Int(parts[2]),
                let source = Source(rawValue: raw), let id = Int64(parts[3]), id > 0
            else { return nil }
            self.init(micros: micros, source: source, id: id)
        }
    }

    /// One source's rows: the table, its instant column, and the item's fields as a JSON object.
    private func select(_ source: Source) -> (from: String, at: String, fields: String) {
        switch source {
        case .navigation:
            (
                "nav_events t", "t.occurred_at",
                "json_build_object('kind', t.kind, 'screen', t.screen, 'target', t.target)"
            )
        case .registration:
            (
                "event_registrations t LEFT JOIN \(schema.quoted).events e ON e.id = t.event_id", "t.created_at",
                "json_build_object('event_id', t.event_id, 'event_title', e.title, 'status', t.status)"
            )
        case .order:
            (
                "orders t", "t.created_at",
                "json_build_object('order_id', t.id, 'status', t.status, 'total_stars', t.total_stars)"
            )
        case .payment:
            (
                "payments t", "t.paid_at",
                "json_build_object('payment_id', t.id, 'amount', t.total_amount, 'currency', t.currency, 'payload', t.invoice_payload, 'refunded', t.refunded_at IS NOT NULL)"
            )
        case .points: ("points_ledger t", "t.created_at", "json_build_object('amount', t.amount, 'reason', t.reason)")
        case .message: ("messages t", "t.created_at", "json_build_object('direction', t.direction, 'text', t.text)")
        }
    }

    /// A page of `limit` items after `cursor`, and the cursor of the next page (nil on the last).
    func page(participant: Int64, after cursor: Cursor?, limit: Int, _ conn: PostgresConnection) throws
        -> (items: [JSONValue], next: Cursor?)
    {
        var parts: [SQL] = []
        for source in Source.allCases {
            let (from, at, fields) = select(source)
            var condition: SQL = "t.participant_id = \(participant)"
            if let cursor {
                let instant: SQL = "timestamptz 'epoch' + \(cursor.micros) * interval '1 microsecond'"
                // Items order by (instant, source, id) descending; the source is fixed per branch,
                // so each branch's condition stays a plain range its (participant, instant) index serves.
                let after: SQL =
                    if source.rawValue < cursor.source.rawValue {
                        "\(unsafeRaw: at) <= \(fragment: instant)"
                    } else if source == cursor.source {
                        "(\(unsafeRaw: at), t.id) < (\(fragment: instant), \(cursor.id))"
                    } else {
                        "\(unsafeRaw: at) < \(fragment: instant)"
                    }
                condition = "\(fragment: condition) AND \(fragment: after)"
            }
            let table = SQL(unsafe: "\(schema.quoted).\(from)")
            parts.append(
                """
                (SELECT (extract(epoch FROM \(unsafeRaw: at)) * 1000000)::bigint AS micros, \(Int64(source.rawValue)) AS source,
                        t.id, \(unsafeRaw: fields)::text AS fields
                 FROM \(fragment: table) WHERE \(fragment: condition)
                 ORDER BY \(unsafeRaw: at) DESC, t.id DESC LIMIT \(Int64(limit + 1)))
                """)
        }
        var union = parts[0]
        for part in parts.dropFirst() { union = "\(fragment: union) UNION ALL \(fragment: part)" }
        let rows = try conn.query(
            "SELECT micros, source, id, fields FROM (\(fragment: union)) items ORDER BY micros DESC, source DESC, id DESC LIMIT \(Int64(limit + 1))"
        )
        var items: [JSONValue] = []
        var last: Cursor?
        for row in rows.prefix(limit) {
            let micros = try row.decode(Int64.self, 0)
            let source = Source(rawValue: Int(try row.decode(Int64.self, 1))) ?? .navigation
            let id = try row.decode(Int64.self, 2)
            var item: JSONObject = [
                "type": .string(source.type), "id": .int(id),
                "at": .string(Instant.format(Date(timeIntervalSince1970: Double(micros) / 1_000_000))),
            ]
            if case .object(let fields) = try JSONParser.parse(Array(try row.decode(String.self, 3).utf8)) {
                for (key, value) in fields { item[key] = value }
            }
            items.append(.object(item))
            last = Cursor(micros: micros, source: source, id: id)
        }
        return (items, rows.count > limit ? last : nil)
    }
}
