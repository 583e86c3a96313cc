import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL of the inbox: conversations opened by incoming messages, listed, changed and read.
struct ConversationStore {
    let schema: Identifier

    static let notFound = AreaError.notFound(code: "conversation_not_found", message: "no such conversation")

    /// A customer message opens (or reopens) the participant's conversation and counts as unread;
    /// the oldest unanswered one is what `waiting_since` keeps (Telegram's send time). The inbox
    /// orders by when messages arrived here (`now()`, like staff replies): Telegram's dates have
    /// whole seconds only.
    func received(_ message: ReceivedMessage, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).conversations
                (participant_id, last_message_at, last_message_id, waiting_since, unread_count)
            VALUES (\(message.participantID), now(), \(message.id), \(message.at), 1)
            ON CONFLICT (participant_id) DO UPDATE SET
                state = 'open',
                last_message_at = greatest(conversations.last_message_at, EXCLUDED.last_message_at),
                last_message_id = greatest(conversations.last_message_id, EXCLUDED.last_message_id),
                waiting_since = coalesce(conversations.waiting_since, EXCLUDED.waiting_since),
                unread_count = conversations.unread_count + 1
            """)
        try DialogsArea.announce(schema, conn)
    }

    static let columns: SQL = """
        c.id, c.state, c.assignee, c.last_message_at, c.last_message_at::text, c.waiting_since, c.waiting_since::text,
        c.unread_count::bigint, p.id, p.first_name, p.last_name, p.username, p.reachable, m.id, m.direction, m.kind, m.text,
        m.delivery
        """

    /// `conversations`: the table, or a subquery of its rows.
    func from(_ conversations: SQL? = nil) -> SQL {
        let table: SQL = "\(ident: schema).conversations"
        let source: SQL = conversations.map { "(\(fragment: $0))" } ?? table
        return """
            FROM \(fragment: source) c
            JOIN \(ident: schema).participants p ON p.id = c.participant_id
            LEFT JOIN \(ident: schema).messages m ON m.id = c.last_message_id
            """
    }

    /// How many conversations of the inbox's order a search walks before it asks the trigram
    /// indexes instead.
    static let searchWindow = 1_000

    /// One page of the inbox and the cursor of the next, if there is one.
    func list(_ query: InboxQuery, _ conn: PostgresConnection) throws -> (rows: [ConversationRow], next: String?) {
        var conditions: [SQL] = []
        if let state = query.state { conditions.append("c.state = \(state)") }
        switch query.assignee {
        case .none?: conditions.append("c.assignee IS NULL")
        case .actor(let actor)?: conditions.append("c.assignee = \(actor)")
        case nil: break
        }
        if query.unreadOnly { conditions.append("c.unread_count > 0") }
        let order: SQL
        switch query.sort {
        case .lastMessage:
            if let after = query.after {
                conditions.append("(c.last_message_at, c.id) < (\(after.key)::timestamptz, \(after.id))")
            }
            order = "ORDER BY c.last_message_at DESC, c.id DESC"
        case .waiting:
            conditions.append("c.waiting_since IS NOT NULL")
            if let after = query.after {
                conditions.append("(c.waiting_since, c.id) > (\(after.key)::timestamptz, \(after.id))")
            }
            order = "ORDER BY c.waiting_since, c.id"
        }
        var rows: [ConversationRow]
        if let search = query.search {
            rows = try searchPage(search, conditions, order, limit: query.limit + 1, conn)
        } else {
            let filter: SQL = conditions.isEmpty ? "" : "WHERE " + SQL.join(conditions, separator: " AND ")
            rows = try conn.query(
                "SELECT \(fragment: Self.columns) \(fragment: from()) \(fragment: filter) \(fragment: order) LIMIT \(query.limit + 1)"
            ).map(ConversationRow.init)
        }
        guard rows.count > query.limit else { return (rows, nil) }
        rows.removeLast()
        let last = rows.last!
        let key = query.sort == .waiting ? last.waitingSinceText! : last.lastMessageAtText
        return (rows, InboxQuery.cursor(sort: query.sort, key: key, id: last.id))
    }

    /// The first `limit` conversations in `order` whose participant's name or username, or one of
    /// whose messages, contains `search` (case-insensitive). How many match is what the planner
    /// cannot know: walking the inbox's order and checking each conversation is cheap when matches
    /// are common and reads every conversation when they are rare; the trigram indexes are the other
    /// way round. So a bounded window of the order first, and when that does not fill the page,
    /// every match from the indexes (few, or the window would have filled it), sorted.
    private func searchPage(
        _ search: String, _ conditions: [SQL], _ order: SQL, limit: Int, _ conn: PostgresConnection
    ) throws -> [ConversationRow] {
        let pattern = InboxQuery.containsPattern(search)
        let name = search.hasPrefix("@") ? InboxQuery.containsPattern(String(search.dropFirst())) : pattern
        let filter: SQL = conditions.isEmpty ? "" : "WHERE " + SQL.join(conditions, separator: " AND ")
        let window: SQL = """
            SELECT c.* FROM \(ident: schema).conversations c \(fragment: filter) \(fragment: order)
            LIMIT \(Int64(Self.searchWindow))
            """
        let windowed = try conn.query(
            """
            SELECT \(fragment: Self.columns) \(fragment: from(window))
            WHERE (p.search_text LIKE lower(\(name))
                   OR EXISTS (SELECT 1 FROM \(ident: schema).messages s
                              WHERE s.participant_id = c.participant_id AND lower(s.text) LIKE lower(\(pattern))))
            \(fragment: order) LIMIT \(Int64(limit))
            """
        ).map(ConversationRow.init)
        if windowed.count == limit { return windowed }
        let matching: SQL = """
            c.participant_id = ANY(ARRAY(
                SELECT p.id FROM \(ident: schema).participants p WHERE p.search_text LIKE lower(\(name))
                UNION
                SELECT s.participant_id FROM \(ident: schema).messages s WHERE lower(s.text) LIKE lower(\(pattern))))
            """
        // The page is cut before the joins: a few thousand matches need not all fetch their
        // participant and last message.
        let page: SQL = """
            SELECT c.* FROM \(ident: schema).conversations c
            WHERE \(fragment: SQL.join(conditions + [matching], separator: " AND ")) \(fragment: order) LIMIT \(Int64(limit))
            """
        return try conn.query(
            "SELECT \(fragment: Self.columns) \(fragment: from(page)) \(fragment: order)"
        ).map(ConversationRow.init)
    }

    func conversation(_ id: Int64, _ conn: PostgresConnection) throws -> ConversationRow? {
        try conn.query("SELECT \(fragment: Self.columns) \(fragment: from()) WHERE c.id = \(id)").first.map(
            ConversationRow.init)
    }

    /// Sets the state and/or the assignee (`.some(nil)` unassigns); false when there is no such conversation.
    func update(_ id: Int64, state: String?, assignee: String??, _ conn: PostgresConnection) throws -> Bool {
        var sets: [SQL] = []
        if let state { sets.append("state = \(state)") }
        if let assignee { sets.append("assignee = \(assignee)") }
        guard !sets.isEmpty else {
            return try !conn.query("SELECT 1 FROM \(ident: schema).conversations WHERE id = \(id)").isEmpty
        }
        return try conn.execute(
            "UPDATE \(ident: schema).conversations SET \(fragment: SQL.join(sets, separator: ", ")) WHERE id = \(id)") == 1
    }

    func markRead(_ id: Int64, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute("UPDATE \(ident: schema).conversations SET unread_count = 0 WHERE id = \(id)") == 1
    }

    /// A conversation's messages, newest first, before message id `before`.
    func messages(participant: Int64, before: Int64?, limit: Int, _ conn: PostgresConnection) throws -> [MessageRow] {
        let after: SQL = before.map { "AND id < \($0)" } ?? ""
        return try conn.query(
            """
            SELECT \(fragment: MessageRow.columns) FROM \(ident: schema).messages
            WHERE participant_id = \(participant) \(fragment: after) ORDER BY id DESC LIMIT \(limit)
            """
        ).map { try MessageRow($0) }
    }

    func participant(ofConversation id: Int64, lock: Bool, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query(
            """
            SELECT participant_id FROM \(ident: schema).conversations WHERE id = \(id) \(unsafeRaw: lock ? "FOR UPDATE" : "")
            """
        ).first?.decode(Int64.self, 0)
    }

    func latestMessageID(_ conn: PostgresConnection) throws -> Int64 {
        try conn.query("SELECT coalesce(max(id), 0) FROM \(ident: schema).messages").first!.decode(Int64.self, 0)
    }

    /// The tenant's messages after id `after` that belong to a conversation, oldest first.
    func feed(after: Int64, limit: Int, _ conn: PostgresConnection) throws -> [FeedItem] {
        try conn.query(
            """
            SELECT c.id, \(fragment: MessageRow.qualifiedColumns) FROM \(ident: schema).messages m
            JOIN \(ident: schema).conversations c ON c.participant_id = m.participant_id
            WHERE m.id > \(after) ORDER BY m.id LIMIT \(limit)
            """
        ).map { row in
            let message = try MessageRow(row, offset: 1)
            return FeedItem(id: message.id, conversation: try row.decode(Int64.self, 0), message: message)
        }
    }
}

/// A message of the update feed with its conversation.
struct FeedItem {
    var id: Int64
    var conversation: Int64
    var message: MessageRow

    var json: JSONValue {
        guard case .object(var o) = message.json else { return message.json }
        o["conversation_id"] = .int(conversation)
        return .object(o)
    }
}

extension ConversationStore {
    /// A staff message `message` was written in conversation `id`: it is the last message, and
    /// the customer is no longer waiting.
    func answered(_ id: Int64, by message: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).conversations
            SET last_message_at = now(), last_message_id = \(message), waiting_since = NULL, unread_count = 0
            WHERE id = \(id)
            """)
    }
}
