import Blueprint
import Foundation
import Kernel
import Postgres
import TesseraJSON

/// One row of the Contacts list: the participant, their contact card, when it last changed.
struct ContactListing: Sendable {
    var participant: JSONObject
    var participantID: Int64
    var card: ContactCard
    var updatedAt: Date
    /// `contact_updated_at` in microseconds, exactly as stored (the next cursor's key).
    var updatedMicros: Int64

    func json(declared: [ContactField]) -> JSONValue {
        [
            "participant": .object(participant), "contact": card.json(declared: declared),
            "updated_at": .string(Instant.format(updatedAt)),
        ]
    }
}

/// The SQL behind the Contacts list and export: participants whose `contact_updated_at` is set
/// (0021_contacts_list.sql), filtered, in keyset order, with their `contact_values`.
struct ContactDirectory: Sendable {
    let schema: Identifier

    /// The WHERE clause of `filter` over `participants p`.
    func condition(_ filter: ContactFilter) -> SQL {
        var parts: [SQL] = ["p.contact_updated_at IS NOT NULL"]
        func has(_ field: String, _ extra: SQL = "true") -> SQL {
            """
            EXISTS (SELECT 1 FROM \(ident: schema).contact_values v
                    WHERE v.participant_id = p.id AND v.field = \(field) AND \(fragment: extra))
            """
        }
        switch filter.search {
        case .phone(let digits)?:
            // The same expression as the contact_values_search index.
            let pattern = "%" + ParticipantDirectory.likeEscaped(digits) + "%"
            parts.append(has("phone", "lower(v.value #>> '{}') LIKE \(pattern)"))
        case .email(let part)?:
            let pattern = "%" + ParticipantDirectory.likeEscaped(part) + "%"
            parts.append(has("email", "lower(v.value #>> '{}') LIKE \(pattern)"))
        case nil: break
        }
        if let hasPhone = filter.hasPhone { parts.append(hasPhone ? has("phone") : "NOT \(fragment: has("phone"))") }
        if let hasEmail = filter.hasEmail { parts.append(hasEmail ? has("email") : "NOT \(fragment: has("email"))") }
        switch filter.consent {
        case .given?: parts.append("p.contact_consent = true")
        case .withdrawn?: parts.append("p.contact_consent = false")
        case .unknown?: parts.append("p.contact_consent IS NULL")
        case nil: break
        }
        if let field = filter.field { parts.append(has(field)) }
        return SQL.join(parts, separator: " AND ")
    }

    static let micros = "(extract(epoch FROM p.contact_updated_at) * 1000000)::bigint"

    /// A page of listings after `cursor` in `sort` order, their contact values loaded.
    func page(
        _ filter: ContactFilter, sort: ContactSort, after cursor: ContactCursor?, limit: Int,
        _ conn: PostgresConnection
    ) throws -> [ContactListing] {
        var condition = condition(filter)
        if let cursor {
            let after: SQL =
                switch sort {
                case .updatedDescending:
                    "(p.contact_updated_at, p.id) < (timestamptz 'epoch' + \(cursor.micros) * interval '1 microsecond', \(cursor.id))"
                case .updated:
                    "(p.contact_updated_at, p.id) > (timestamptz 'epoch' + \(cursor.micros) * interval '1 microsecond', \(cursor.id))"
                case .id: "p.id > \(cursor.id)"
                }
            condition = "\(fragment: condition) AND \(fragment: after)"
        }
        let orderBy =
            switch sort {
            case .updatedDescending: "p.contact_updated_at DESC, p.id DESC"
            case .updated: "p.contact_updated_at, p.id"
            case .id: "p.id"
            }
        let n = ParticipantDirectory.jsonColumnCount
        let rows = try conn.query(
            """
            SELECT \(unsafeRaw: ParticipantDirectory.jsonColumns), p.contact_consent, p.contact_consent_at,
                   p.contact_updated_at, \(unsafeRaw: Self.micros)
            FROM \(ident: schema).participants p
            WHERE \(fragment: condition) ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(limit))
            """)
        var listings: [ContactListing] = []
        listings.reserveCapacity(rows.count)
        for row in rows {
            let participant = try ParticipantDirectory.json(row)
            listings.append(
                ContactListing(
                    participant: participant, participantID: try row.decode(Int64.self, 0),
                    card: ContactCard(
                        values: [:], consent: try row.decode(Bool?.self, n), consentAt: try row.decode(Date?.self, n + 1)),
                    updatedAt: try row.decode(Date.self, n + 2), updatedMicros: try row.decode(Int64.self, n + 3)))
        }
        let values = try self.values(listings.map(\.participantID), conn)
        for i in listings.indices { listings[i].card.values = values[listings[i].participantID] ?? [:] }
        return listings
    }

    /// The contact values of `ids`, by participant and field.
    func values(_ ids: [Int64], _ conn: PostgresConnection) throws -> [Int64: [String: ContactValue]] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: [String: ContactValue]] = [:]
        for row in try conn.query(
            """
            SELECT participant_id, field, value::text, way, given_at FROM \(ident: schema).contact_values
            WHERE participant_id = ANY(\(PostgresArray(ids))::bigint[])
            """)
        {
            let parsed = (try? JSONParser.parse(Array(try row.decode(String.self, 2).utf8))) ?? .null
            out[try row.decode(Int64.self, 0), default: [:]][try row.decode(String.self, 1)] = ContactValue(
                value: parsed, way: try row.decode(String.self, 3), givenAt: try row.decode(Date.self, 4))
        }
        return out
    }
}
