import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

extension DialogsArea {
    /// Staff replies: stored `queued` with their `dialogs.reply` job in one transaction.
    var replyEndpoints: [Endpoint] {
        [.staff(.POST, "/admin/api/v1/{tenant}/dialogs/{conversation}/messages", .write(.dialogs), reply)]
    }

    /// Telegram's limit for a message's text.
    static let maxTextLength = 4096

    /// `{"client_id": "…", "text": "…"}`: 201 with the queued message, or 200 with the message
    /// already stored under this `client_id` (a repeated submission sends nothing again).
    func reply(_ call: StaffCall) throws -> HTTPResponse {
        let id = try conversationID(call)
        var body = try BodyReader(call.request, allowed: ["client_id", "text"])
        let clientID = body.require("client_id", body.string("client_id", max: 100))
        let text = body.require("text", body.string("text", max: Self.maxTextLength))
        try body.finish()
        guard let clientID, let text else { throw AreaError.invalid("body", "expected client_id and text") }
        let schema = call.tenant.schema
        let store = ConversationStore(schema: schema)
        let author = call.staff.actor.reference
        let botID = call.tenant.botToken.botID
        let result = try pool.transaction { conn -> (MessageRow, created: Bool)? in
            // Locking the conversation serializes replies to it, so racing duplicates meet here.
            guard let participant = try store.participant(ofConversation: id, lock: true, conn) else { return nil }
            if let existing = try conn.query(
                """
                SELECT \(fragment: MessageRow.columns), text = \(text) FROM \(ident: schema).messages
                WHERE participant_id = \(participant) AND client_id = \(clientID)
                """
            ).first {
                guard try existing.decode(Bool.self, 12) else {
                    throw AreaError.conflict(
                        code: "client_id_reused", message: "another reply was sent with this client_id")
                }
                return (try MessageRow(existing), false)
            }
            let messageID = try conn.query(
                """
                INSERT INTO \(ident: schema).messages
                    (bot_id, participant_id, direction, text, kind, delivery, author, client_id)
                VALUES (\(botID), \(participant), 'out', \(text), 'text', 'queued', \(author), \(clientID))
                RETURNING id
                """
            ).first!.decode(Int64.self, 0)
            try conn.execute(
                """
                UPDATE \(ident: schema).conversations
                SET last_message_at = now(), last_message_id = \(messageID), waiting_since = NULL, unread_count = 0
                WHERE id = \(id)
                """)
            try JobQueue(schema: schema).enqueue(
                ReplyJob.kind, payload: ["message": .int(messageID)], maxAttempts: ReplyJob.maxAttempts,
                dedupeKey: ReplyJob.dedupeKey(messageID), on: conn)
            let row = try conn.query(
                "SELECT \(fragment: MessageRow.columns) FROM \(ident: schema).messages WHERE id = \(messageID)"
            ).first!
            return (try MessageRow(row), true)
        }
        guard let (message, created) = result else { throw ConversationStore.notFound }
        return Reply.json(["message": message.json], status: created ? 201 : 200)
    }
}
