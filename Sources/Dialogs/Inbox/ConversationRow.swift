import Foundation
import Kernel
import Postgres
import TesseraJSON

/// A conversation as the inbox shows it: the participant, state, assignee, counts, last message.
struct ConversationRow {
    var id: Int64
    var state: String
    var assignee: String?
    var lastMessageAt: Date
    var lastMessageAtText: String
    var waitingSince: Date?
    var waitingSinceText: String?
    var unreadCount: Int64
    var participant: JSONValue
    var lastMessage: JSONValue

    init(_ row: PostgresRow) throws {
        id = try row.decode(Int64.self, 0)
        state = try row.decode(String.self, 1)
        assignee = try row.decode(String?.self, 2)
        lastMessageAt = try row.decode(Date.self, 3)
        lastMessageAtText = try row.decode(String.self, 4)
        waitingSince = try row.decode(Date?.self, 5)
        waitingSinceText = try row.decode(String?.self, 6)
        unreadCount = try row.decode(Int64.self, 7)
        func text(_ i: Int) throws -> JSONValue { try row.decode(String?.self, i).map(JSONValue.string) ?? .null }
        participant = [
            "id": .int(try row.decode(Int64.self, 8)), "first_name": try text(9), "last_name": try text(10),
            "username": try text(11), "reachable": .bool(try row.decode(Bool.self, 12)),
        ]
        if let messageID = try row.decode(Int64?.self, 13) {
            lastMessage = [
                "id": .int(messageID), "direction": try text(14), "kind": try text(15), "text": try text(16),
                "delivery": try text(17),
            ]
        } else {
            lastMessage = .null
        }
    }

    var json: JSONValue {
        [
            "id": .int(id), "state": .string(state), "assignee": assignee.map(JSONValue.string) ?? .null,
            "participant": participant, "last_message_at": .string(Instant.format(lastMessageAt)),
            "waiting_since": waitingSince.map { .string(Instant.format($0)) } ?? .null,
            "unread_count": .int(unreadCount), "last_message": lastMessage,
        ]
    }
}

/// One message of a conversation, either way.
struct MessageRow {
    static let columns: SQL = """
        id, direction, kind, text, attachment::text, created_at, delivery, delivery_error, sent_at, author, client_id,
        telegram_message_id
        """

    /// `columns` with the `m.` of a query that joins `messages m`.
    static let qualifiedColumns: SQL = """
        m.id, m.direction, m.kind, m.text, m.attachment::text, m.created_at, m.delivery, m.delivery_error, m.sent_at,
        m.author, m.client_id, m.telegram_message_id
        """

    var id: Int64
    var json: JSONValue
    var delivery: String?

    /// Reads `columns` starting at column `offset`.
    init(_ row: PostgresRow, offset: Int = 0) throws {
        func text(_ i: Int) throws -> JSONValue { try row.decode(String?.self, offset + i).map(JSONValue.string) ?? .null }
        func instant(_ i: Int) throws -> JSONValue {
            try row.decode(Date?.self, offset + i).map { .string(Instant.format($0)) } ?? .null
        }
        let attachment = try row.decode(String?.self, offset + 4).flatMap { try? JSONParser.parse(Array($0.utf8)) } ?? .null
        id = try row.decode(Int64.self, offset)
        delivery = try row.decode(String?.self, offset + 6)
        json = [
            "id": .int(id), "direction": try text(1), "kind": try text(2), "text": try text(3),
            "attachment": attachment, "created_at": try instant(5),
            "delivery": delivery == nil
                ? .null : ["state": try text(6), "error": try text(7), "sent_at": try instant(8)],
            "author": try text(9), "client_id": try text(10),
            "telegram_message_id": try row.decode(Int64?.self, offset + 11).map(JSONValue.int) ?? .null,
        ]
    }
}
