import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL behind the participant list and export: filters, keyset order, pages.
struct ParticipantDirectory: Sendable {
    let schema: Identifier

    /// What `q` matches: the stored, lowercased name and username, with its trigram index
    /// (`participants_search`, 0020_search.sql).
    static let searchText = "p.search_text"
    /// How many rows of the list's order a search walks before it asks the trigram index instead.
    static let searchWindow = 10_000
    /// What `sort=name` compares, verbatim as in the `participants_name` index.
    static let sortName = "lower(p.first_name || ' ' || coalesce(p.last_name, ''))"

    /// What `q` means over `participants p`: part of the name or username (`@` optional,
    /// case-insensitive), or a whole Telegram id.
    static func searchCondition(_ search: String) -> SQL {
        let name = search.hasPrefix("@") ? String(search.dropFirst()) : search
        let pattern = "%" + likeEscaped(name.lowercased()) + "%"
        if let telegramID = Int64(search), telegramID > 0 {
            return "(p.telegram_id = \(telegramID) OR \(unsafeRaw: searchText) LIKE \(pattern))"
        }
        return "\(unsafeRaw: searchText) LIKE \(pattern)"
    }

    /// The WHERE clause of `filter` over `participants p`.
    func condition(_ filter: ParticipantFilter) -> SQL {
        var parts: [SQL] = []
        if let search = filter.search { parts.append(Self.searchCondition(search)) }
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

    /// The columns `sort`'s ORDER BY reads.
    private static func orderColumns(_ sort: ParticipantSort) -> String {
        switch sort {
        case .lastSeen, .lastSeenDescending: "p.last_seen_at"
        case .firstSeen, .firstSeenDescending: "p.first_seen_at"
        case .name: "p.first_name, p.last_name"
        case .id: "p.id AS order_id"
        }
    }

    /// Rows after `cursor` in `sort` order; a row is `columns` then the sort key then the id.
    func page(
        columns: String, filter: ParticipantFilter, sort: ParticipantSort, after cursor: ParticipantCursor?, limit: Int,
        _ conn: PostgresConnection
    ) throws -> PostgresResult {
        var condition: SQL = "true"
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
            condition = after
        }
        let (key, orderBy) = order(sort)
        let select: SQL = "SELECT \(unsafeRaw: columns), \(unsafeRaw: key), p.id FROM \(ident: schema).participants p"
        guard let search = filter.search, sort != .id else {
            condition = "\(fragment: self.condition(filter)) AND \(fragment: condition)"
            return try conn.query(
                "\(fragment: select) WHERE \(fragment: condition) ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(limit))")
        }
        // A search's cost depends on how many rows match, which the planner can only guess: walking
        // the order and filtering is cheap when matches are common and reads the whole table when
        // they are rare; the trigram index is the other way round. So: walk a bounded window of the
        // order first, and only when that does not fill the page, take every match from the index
        // and sort them (few, or the window would have filled the page).
        var rest = filter
        rest.search = nil
        condition = "\(fragment: self.condition(rest)) AND \(fragment: condition)"
        let windowed = try conn.query(
            """
            \(fragment: select) WHERE p.id = ANY(ARRAY(
                SELECT p.id FROM (
                    SELECT p.id, p.telegram_id, p.search_text, \(unsafeRaw: Self.orderColumns(sort))
                    FROM \(ident: schema).participants p
                    WHERE \(fragment: condition) ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(Self.searchWindow))
                ) p WHERE \(fragment: Self.searchCondition(search)) ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(limit))))
            ORDER BY \(unsafeRaw: orderBy)
            """)
        if windowed.count == limit { return windowed }
        return try conn.query(
            """
            \(fragment: select) WHERE p.id = ANY(ARRAY(
                SELECT p.id FROM \(ident: schema).participants p
                WHERE \(fragment: Self.searchCondition(search)) AND \(fragment: condition)))
            ORDER BY \(unsafeRaw: orderBy) LIMIT \(Int64(limit))
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
