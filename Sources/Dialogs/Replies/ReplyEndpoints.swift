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

    /// `{"client_id": "…", "text": "…"}`, or a photo or document (`ReplyFile`) with `text` as its
    /// optional caption: 201 with the queued message, or 200 with the message already stored under
    /// this `client_id` (a repeated submission sends nothing again).
    func reply(_ call: StaffCall) throws -> HTTPResponse {
        let id = try conversationID(call)
        var body = try BodyReader(call.request, allowed: ["client_id", "text", "photo", "document"])
        let clientID = body.require("client_id", body.string("client_id", max: 100))
        let photo = ReplyFile.read("photo", photo: true, &body)
        let document = ReplyFile.read("document", photo: false, &body)
        let hasFile = body.has("photo") || body.has("document")
        if body.has("photo") && body.has("document") { body.fail("document", "send either a photo or a document") }
        var text = body.string("text", max: hasFile ? ReplyFile.maxCaptionLength : Self.maxTextLength)
        if !hasFile { text = body.require("text", text) }
        try body.finish()
        guard let clientID else { throw AreaError.invalid("client_id", "required") }
        let upload = photo ?? document
        let kind = photo != nil ? "photo" : document != nil ? "document" : "text"
        let content = text ?? ""
        let attachment: String? = upload.map {
            String(
                decoding: JSONValue.object([
                    "file_name": .string($0.fileName), "mime_type": .string($0.mimeType),
                    "file_size": .int(Int64($0.bytes.count)),
                ]).serialized(), as: UTF8.self)
        }
        let schema = call.tenant.schema
        let store = ConversationStore(schema: schema)
        let author = call.staff.actor.reference
        let botID = call.tenant.botToken.botID
        let result = try pool.transaction { conn -> (MessageRow, created: Bool)? in
            // Locking the conversation serializes replies to it, so racing duplicates meet here.
            guard let participant = try store.participant(ofConversation: id, lock: true, conn) else { return nil }
            if let existing = try conn.query(
                """
                SELECT \(fragment: MessageRow.columns), text = \(content) AND kind = \(kind) FROM \(ident: schema).messages
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
                    (bot_id, participant_id, direction, text, kind, attachment, delivery, author, client_id)
                VALUES (\(botID), \(participant), 'out', \(content), \(kind), \(attachment)::jsonb, 'queued', \(author),
                        \(clientID))
                RETURNING id
                """
            ).first!.decode(Int64.self, 0)
            if let upload {
                try conn.execute(
                    """
                    INSERT INTO \(ident: schema).message_uploads (message_id, file_name, mime_type, bytes)
                    VALUES (\(messageID), \(upload.fileName), \(upload.mimeType), \(upload.bytes))
                    """)
            }
            try store.answered(id, by: messageID, conn)
            try DialogsArea.announce(schema, conn)
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
