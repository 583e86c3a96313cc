import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL behind the participant list and export: filters, keyset order, pages.
struct ParticipantDirectory: Sendable {
    let schema: Identifier

    /// What `q` matches, verbatim as in the `participants_search` trigram index (0014_people.sql).
    static let searchText = "lower(p.first_name || ' ' || coalesce(p.last_name, '') || ' ' || coalesce(p.username, ''))"
    /// What `sort=name` compares, verbatim as in the `participants_name` index.
    static let sortName = "lower(p.first_name || ' ' || coalesce(p.last_name, ''))"

    /// The WHERE clause of `filter` over `participants p`.
    func condition(_ filter: ParticipantFilter) -> SQL {
        var parts: [SQL] = []
        if let search = filter.search {
            let name = search.hasPrefix("@") ? String(search.dropFirst()) : search
            let pattern = "%" + Self.likeEscaped(name.lowercased()) + "%"
            if let telegramID = Int64(search), telegramID > 0 {
                parts.append("(p.telegram_id = \(telegramID) OR \(unsafeRaw: Self.searchText) LIKE \(pattern))")
            } else {
                parts.append("\(unsafeRaw: Self.searchText) LIKE \(pattern)")
            }
        }
        if let source = filter.source { parts.append("p.source = \(source)") }
        if let tag = filter.tag { parts.append("p.tags @> ARRAY[\(tag)]::text[]") }
        if let language = filter.language { parts.append("p.language_code = \(language)") }
        if let from = filter.firstSeenFrom { parts.append("p.first_seen_at >= \(from)") }
        if let to = filter.firstSeenTo { parts.append("p.first_seen_at < \(to)") }
        if let from = filter.lastSeenFrom { parts.append("p.last_seen_at >= \(from)") }
        if let to = filter.lastSeenTo { parts.append("p.last_seen_at < \(to)") }
        if let reachable = filter.reachable { parts.append("p.reachable = \(reachable)") }
        if let hasPaid = filter.hasPaid {
            let exists: SQL = "EXISTS (SELECT 1 FROM \(ident: schema).payments pay WHERE pay.participant_id = p.id)"
            parts.append(hasPaid ? exists : "NOT \(fragment: exists)")
        }
        guard var joined = parts.first else { return "true" }
        for part in parts.dropFirst() { joined = "\(fragment: joined) AND \(fragment: part)" }
        return joined
    }

    /// `LIKE` treats `%`, `_` and `\` specially; searched text means them literally.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// The sort key column (selected last, for the next cursor) and the ORDER BY of `sort`.
    private func order(_ sort: ParticipantSort) -> (key: String, orderBy: String) {
        switch sort {
        case .lastSeen: ("(extract(epoch FROM p.last_seen_at) * 1000000)::bigint", "p.last_seen_at, p.id")
        case .lastSeenDescending:
            ("(extract(epoch FROM p.last_seen_at) * 1000000)::bigint", "p.last_seen_at DESC, p.id DESC")
        case .firstSeen: ("(extract(epoch FROM p.first_seen_at) * 1000000)::bigint", "p.first_seen_at, p.id")
        case .firstSeenDescending:
            ("(extract(epoch FROM p.first_seen_at) * 1000000)::bigint", "p.first_seen_at DESC, p.id DESC")
        case .name: (Self.sortName, "\(Self.sortName), p.id")
        case .id: ("NULL::text", "p.id")
        }
    }

    /// Rows after `cursor` in `sort` order; a row is `columns` then the sort key then the id.
    func page(
        columns: String, filter: ParticipantFilter, sort: ParticipantSort, after cursor: ParticipantCursor?, limit: Int,
        _ conn: PostgresConnection
    ) throws -> PostgresResult {
        var condition = condition(filter)
        if let cursor {
            let comparison = sort.descending ? "<" : ">"
            let after: SQL =
                switch (sort, cursor.key) {
                case (.lastSeen, .micros(let m)), (.lastSeenDescending, .micros(let m)):
                    "(p.last_seen_at, p.id) \(unsafeRaw: comparison) (timestamptz 'epoch' + \(m) * interval '1 microsecond', \(cursor.id))"
                case (.firstSeen, .micros(let m)), (.firstSeenDescending, .micros(let m)):
                    "(p.first_seen_at, p.id) \(unsafeRaw: comparison) (timestamptz 'epoch' + \(m) * interval '1 microsecond', \(cursor.id))"
                case (.name, .name(let name)): "(\(unsafeRaw: Self.sortName), p.id) > (\(name), \(cursor.id))"
                default: "p.id > \(cursor.id)"
                }
            condition = "\(fragment: condition) AND \(fragment: after)"
        }
        let (key, orderBy) = order(sort)
        return try conn.query(
            """
            SELECT \(unsafeRaw: columns), \(unsafeRaw: key), p.id FROM \(ident: schema).participants p
            WHERE \(fragment: condition) ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(limit))
            """)
    }

    /// The cursor after `row` of a `page` with `columnCount` columns.
    static func cursor(after row: PostgresRow, columnCount: Int, sort: ParticipantSort) throws -> ParticipantCursor {
        let id = try row.decode(Int64.self, columnCount + 1)
        switch sort {
        case .name: return ParticipantCursor(sort: sort, key: .name(try row.decode(String.self, columnCount)), id: id)
        case .id: return ParticipantCursor(sort: sort, key: .none, id: id)
        default: return ParticipantCursor(sort: sort, key: .micros(try row.decode(Int64.self, columnCount)), id: id)
        }
    }

    /// The columns a participant's JSON is built from (`json(_:)`).
    static let jsonColumns = """
        p.id, p.telegram_id, p.first_name, p.last_name, p.username, p.language_code, p.is_premium, p.photo_url, p.source, \
        array_to_json(p.tags)::text, p.reachable, p.first_seen_at, p.last_seen_at
        """
    static let jsonColumnCount = 13

    /// A participant as the staff API shows it; names are returned verbatim (whoever renders escapes).
    static func json(_ row: PostgresRow) throws -> JSONObject {
        let tagsJSON = try row.decode(String.self, 9)
        let tags = (try? JSONParser.parse(Array(tagsJSON.utf8)))?.arrayValue ?? []
        func optional(_ i: Int) throws -> JSONValue { try row.decode(String?.self, i).map(JSONValue.string) ?? .null }
        return [
            "id": .int(try row.decode(Int64.self, 0)), "telegram_id": .int(try row.decode(Int64.self, 1)),
            "first_name": .string(try row.decode(String.self, 2)), "last_name": try optional(3),
            "username": try optional(4),
            "language_code": try optional(5), "is_premium": .bool(try row.decode(Bool.self, 6)),
            "photo_url": try optional(7),
            "source": try optional(8), "tags": .array(tags), "reachable": .bool(try row.decode(Bool.self, 10)),
            "first_seen_at": .string(Instant.format(try row.decode(Date.self, 11))),
            "last_seen_at": .string(Instant.format(try row.decode(Date.self, 12))),
        ]
    }
}
