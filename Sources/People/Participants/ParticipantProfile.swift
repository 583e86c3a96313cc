import Foundation
import Kernel
import Postgres
import TesseraJSON

/// A participant's profile: identity, provenance, tags, staff notes and counts of what they did,
/// read by SQL from the tables the other areas write (none of them is imported).
struct ParticipantProfile: Sendable {
    let schema: Identifier
    /// The profile lists this many notes, newest first.
    static let notesShown = 100

    static let noteColumns = "id, author_kind, author_id, author_name, text, created_at"

    static func note(_ row: PostgresRow) throws -> JSONValue {
        [
            "id": .int(try row.decode(Int64.self, 0)),
            "author": [
                "kind": .string(try row.decode(String.self, 1)), "id": .int(try row.decode(Int64.self, 2)),
                "name": .string(try row.decode(String.self, 3)),
            ],
            "text": .string(try row.decode(String.self, 4)),
            "created_at": .string(Instant.format(try row.decode(Date.self, 5))),
        ]
    }

    func load(_ id: Int64, _ conn: PostgresConnection) throws -> JSONObject? {
        guard
            let row = try conn.query(
                "SELECT \(unsafeRaw: ParticipantDirectory.jsonColumns) FROM \(ident: schema).participants p WHERE p.id = \(id)"
            ).first
        else { return nil }
        var profile = try ParticipantDirectory.json(row)
        let referrer = try conn.query(
            """
            SELECT r.id, r.first_name, r.username, f.created_at FROM \(ident: schema).referrals f
            JOIN \(ident: schema).participants r ON r.id = f.referrer_id WHERE f.referred_id = \(id)
            """
        ).first
        profile["provenance"] = [
            "source": profile["source"] ?? .null,
            "referrer": try referrer.map { r -> JSONValue in
                [
                    "id": .int(try r.decode(Int64.self, 0)), "first_name": .string(try r.decode(String.self, 1)),
                    "username": try r.decode(String?.self, 2).map(JSONValue.string) ?? .null,
                    "referred_at": .string(Instant.format(try r.decode(Date.self, 3))),
                ]
            } ?? .null,
        ]
        let counts = try conn.query(
            """
            SELECT (SELECT count(*) FROM \(ident: schema).orders WHERE participant_id = \(id)),
                   (SELECT count(*) FROM \(ident: schema).orders WHERE participant_id = \(id) AND status = 'paid'),
                   (SELECT count(*) FROM \(ident: schema).payments WHERE participant_id = \(id)),
                   (SELECT coalesce(sum(total_amount), 0)::bigint FROM \(ident: schema).payments
                     WHERE participant_id = \(id) AND currency = 'XTR' AND refunded_at IS NULL),
                   (SELECT count(*) FROM \(ident: schema).event_registrations WHERE participant_id = \(id) AND status <> 'cancelled'),
                   (SELECT count(*) FROM \(ident: schema).messages WHERE participant_id = \(id)),
                   (SELECT count(*) FROM \(ident: schema).referrals WHERE referrer_id = \(id)),
                   (SELECT coalesce(sum(amount), 0)::bigint FROM \(ident: schema).points_ledger WHERE participant_id = \(id))
            """
        ).first!
        let names = [
            "orders", "paid_orders", "payments", "stars_paid", "registrations", "messages", "referred",
            "points_balance",
        ]
        var countsJSON = JSONObject()
        for (i, name) in names.enumerated() { countsJSON[name] = .int(try counts.decode(Int64.self, i)) }
        profile["counts"] = .object(countsJSON)
        let notes = try conn.query(
            """
            SELECT \(unsafeRaw: Self.noteColumns) FROM \(ident: schema).participant_notes
            WHERE participant_id = \(id) ORDER BY id DESC LIMIT \(Int64(Self.notesShown))
            """)
        profile["notes"] = .array(try notes.map(Self.note))
        return profile
    }
}
