import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The tenant's linked staff forum group (`forum_link`, at most one row).
struct ForumLink: Equatable {
    var chatID: Int64
    var title: String
    var linkedBy: String
    var linkedAt: Date
    /// Why Telegram refuses the bot there for good (removed from the group, rights taken away).
    var brokenReason: String?
    var brokenAt: Date?
    var ignoredMessages: Int64

    var isBroken: Bool { brokenReason != nil }

    static let columns: SQL = "chat_id, title, linked_by, linked_at, broken_reason, broken_at, ignored_messages"

    init(_ row: PostgresRow) throws {
        chatID = try row.decode(Int64.self, 0)
        title = try row.decode(String.self, 1)
        linkedBy = try row.decode(String.self, 2)
        linkedAt = try row.decode(Date.self, 3)
        brokenReason = try row.decode(String?.self, 4)
        brokenAt = try row.decode(Date?.self, 5)
        ignoredMessages = try row.decode(Int64.self, 6)
    }

    /// As `GET …/dialog-forum` shows it, with how many conversations have a topic there.
    func json(topics: Int64) -> JSONValue {
        [
            "chat_id": .int(chatID), "title": .string(title), "state": .string(isBroken ? "broken" : "linked"),
            "broken_reason": brokenReason.map(JSONValue.string) ?? .null,
            "broken_at": brokenAt.map { .string(Instant.format($0)) } ?? .null,
            "linked_by": .string(linkedBy), "linked_at": .string(Instant.format(linkedAt)),
            "topics": .int(topics), "ignored_messages": .int(ignoredMessages),
        ]
    }
}

/// The SQL of the forum link and of conversations' topics.
struct ForumStore {
    let schema: Identifier

    func link(_ conn: PostgresConnection) throws -> ForumLink? {
        try conn.query("SELECT \(fragment: ForumLink.columns) FROM \(ident: schema).forum_link").first.map(ForumLink.init)
    }

    /// The link if it is usable (present and not broken).
    func workingLink(_ conn: PostgresConnection) throws -> ForumLink? {
        try link(conn).flatMap { $0.isBroken ? nil : $0 }
    }

    /// Links `chatID` (replacing any earlier link, and clearing a broken state).
    func save(chatID: Int64, title: String, by actor: String, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).forum_link (chat_id, title, linked_by) VALUES (\(chatID), \(title), \(actor))
            ON CONFLICT (singleton) DO UPDATE SET chat_id = EXCLUDED.chat_id, title = EXCLUDED.title,
                linked_by = EXCLUDED.linked_by, linked_at = now(), broken_reason = NULL, broken_at = NULL,
                ignored_messages = CASE WHEN forum_link.chat_id = EXCLUDED.chat_id THEN forum_link.ignored_messages ELSE 0 END
            """)
    }

    func delete(_ conn: PostgresConnection) throws {
        try conn.execute("DELETE FROM \(ident: schema).forum_link")
    }

    /// Marks the link of `chatID` broken (a later link of another group stays as it is).
    func markBroken(chatID: Int64, reason: String, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).forum_link SET broken_reason = \(String(reason.prefix(500))), broken_at = now()
            WHERE chat_id = \(chatID) AND broken_reason IS NULL
            """)
    }

    func countIgnored(_ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(ident: schema).forum_link SET ignored_messages = ignored_messages + 1")
    }

    func topicCount(chatID: Int64, _ conn: PostgresConnection) throws -> Int64 {
        try conn.query(
            """
            SELECT count(*) FROM \(ident: schema).conversations
            WHERE forum_chat_id = \(chatID) AND forum_thread_id IS NOT NULL
            """
        ).first!.decode(Int64.self, 0)
    }

    /// The conversation whose topic is `threadID` in `chatID`.
    func conversation(chatID: Int64, threadID: Int64, _ conn: PostgresConnection) throws -> (id: Int64, participant: Int64)? {
        try conn.query(
            """
            SELECT id, participant_id FROM \(ident: schema).conversations
            WHERE forum_chat_id = \(chatID) AND forum_thread_id = \(threadID)
            """
        ).first.map { (try $0.decode(Int64.self, 0), try $0.decode(Int64.self, 1)) }
    }

    /// Forgets a topic Telegram no longer knows (deleted by a human), unless another was made meanwhile.
    func forgetTopic(conversation: Int64, chatID: Int64, threadID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).conversations SET forum_thread_id = NULL
            WHERE id = \(conversation) AND forum_chat_id = \(chatID) AND forum_thread_id = \(threadID)
            """)
    }
}
