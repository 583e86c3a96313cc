import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// `dialogs.reply`: sends one queued staff reply (`{"message": <id>}`) and records its delivery.
///
/// The Bot API client here does not retry by itself: a 429 becomes a job retry after Telegram's
/// `retry_after` (the thread is free meanwhile). Should the send succeed and the commit of
/// `sent` fail, the retry sends again — Telegram has no idempotency key for messages.
struct ReplyJob: Sendable {
    static let kind: JobKind = "dialogs.reply"
    static let maxAttempts = 8

    let pool: PostgresPool
    let botAPI: BotAPIClient
    let registry: TenantRegistry

    static func dedupeKey(_ message: Int64) -> String { "reply:\(message)" }

    struct Pending {
        var chatID: Int64
        var text: String
        var kind: String
        var upload: FileUpload?
    }

    func run(_ job: Job) throws -> JobOutcome {
        guard let messageID = job.payload["message"]?.intValue else {
            return .fail(reason: "the payload names no message")
        }
        guard let tenant = registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        let schema = job.schema
        guard let pending = try pool.withConnection({ try load(messageID, schema: schema, $0) }) else {
            return .done  // sent or failed already, or deleted with the participant
        }
        let bot = TelegramBot(token: tenant.botToken.value, client: botAPI.with(retryPolicy: .none, timeout: 15))
        let result = Result { () throws(BotAPIError) -> SentMessage in
            switch (pending.kind, pending.upload) {
            case ("photo", let upload?):
                try bot.sendPhoto(
                    chatID: pending.chatID, photo: .upload(upload), caption: pending.text.isEmpty ? nil : pending.text)
            case ("document", let upload?):
                try bot.sendDocument(
                    chatID: pending.chatID, document: .upload(upload), caption: pending.text.isEmpty ? nil : pending.text)
            default:
                try bot.sendMessage(chatID: pending.chatID, text: pending.text)
            }
        }
        switch result {
        case .success(let sent):
            // Telegram's file_id of a sent photo or document: the back office shows it from there.
            let file = Self.fileReference(sent.kind).map {
                String(
                    decoding: JSONValue.object(["file_id": .string($0.fileID), "file_unique_id": .string($0.fileUniqueID)])
                        .serialized(), as: UTF8.self)
            }
            try pool.transaction { conn in
                try conn.execute(
                    """
                    UPDATE \(ident: schema).messages
                    SET delivery = 'sent', delivery_error = NULL, sent_at = now(), telegram_message_id = \(sent.messageID),
                        attachment = CASE WHEN \(file)::jsonb IS NULL THEN attachment
                                          ELSE coalesce(attachment, '{}'::jsonb) || \(file)::jsonb END
                    WHERE id = \(messageID)
                    """)
                try conn.execute("DELETE FROM \(ident: schema).message_uploads WHERE message_id = \(messageID)")
                try ForumQueue(schema: schema).mirror(message: messageID, conn)
            }
            return .done
        case .failure(let error):
            return try Self.recordFailure(error, job: job, message: messageID, chatID: pending.chatID, pool: pool)
        }
    }

    /// The file of what was sent: the largest size of a photo, the document.
    static func fileReference(_ kind: MessageKind) -> FileReference? {
        switch kind {
        case .photo(let sizes): sizes.last?.file
        case .document(let document): document.file
        default: nil
        }
    }

    /// Records a failed send of staff message `message` to chat `chatID` — `failed` with Telegram's
    /// reason when it is final, else the error while it stays `queued` — and the job's outcome.
    static func recordFailure(_ error: BotAPIError, job: Job, message messageID: Int64, chatID: Int64, pool: PostgresPool)
        throws -> JobOutcome
    {
        let schema = job.schema
        let decision = ReplyDelivery.decide(error)
        let (outcome, failure) = decision.outcome(attempt: job.attempt, lastAttempt: job.isLastAttempt)
        try pool.transaction { conn in
            if let failure {
                try conn.execute(
                    """
                    UPDATE \(ident: schema).messages SET delivery = 'failed', delivery_error = \(failure)
                    WHERE id = \(messageID)
                    """)
            } else {
                try conn.execute(
                    "UPDATE \(ident: schema).messages SET delivery_error = \(error.description) WHERE id = \(messageID)")
            }
            if case .failed(_, blocked: true) = decision {
                try conn.execute(
                    "UPDATE \(ident: schema).participants SET reachable = false WHERE telegram_id = \(chatID)")
            }
        }
        return outcome
    }

    /// The reply if it is still queued.
    func load(_ id: Int64, schema: Identifier, _ conn: PostgresConnection) throws -> Pending? {
        guard
            let row = try conn.query(
                """
                SELECT p.telegram_id, m.text, m.kind, u.file_name, u.mime_type, u.bytes
                FROM \(ident: schema).messages m
                JOIN \(ident: schema).participants p ON p.id = m.participant_id
                LEFT JOIN \(ident: schema).message_uploads u ON u.message_id = m.id
                WHERE m.id = \(id) AND m.direction = 'out' AND m.delivery = 'queued'
                """
            ).first
        else { return nil }
        var upload: FileUpload?
        if let name = try row.decode(String?.self, 3) {
            upload = FileUpload(
                bytes: try row.decode([UInt8].self, 5), fileName: name,
                mimeType: try row.decode(String.self, 4))
        }
        return Pending(
            chatID: try row.decode(Int64.self, 0), text: try row.decode(String.self, 1),
            kind: try row.decode(String.self, 2), upload: upload)
    }
}
