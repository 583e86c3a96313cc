import Foundation
import HTTP
import Kernel
import Postgres
import Telegram

extension DialogsArea {
    /// A message's photo, document, voice note, video or sticker, for the back office to show.
    var fileEndpoints: [Endpoint] {
        [
            .staff(
                .GET, "/admin/api/v1/{tenant}/dialogs/{conversation}/messages/{message}/file", .read(.dialogs),
                messageFile)
        ]
    }

    /// The most fetched from Telegram: the Bot API hands out files up to 20 MB to bots.
    static let maxFileBytes = 20 * 1024 * 1024
    static let fileKinds: Set<String> = ["photo", "document", "voice", "video", "sticker"]

    /// What the database holds about a message's file.
    struct StoredFile {
        var kind: String
        var fileID: String?
        var fileName: String?
        var fileSize: Int?
        /// A reply's upload not sent yet (the bytes are still here, not at Telegram).
        var upload: [UInt8]?
    }

    static let fileNotFound = AreaError.notFound(code: "file_not_found", message: "this message has no file")

    /// The bytes with a safe type (`MessageFileType`): fetched with `getFile` and the Bot API's
    /// file URL, or, for a reply still queued, from its upload. 404 when the message has no file
    /// or Telegram no longer has it, 502 when Telegram cannot be reached or the file is too big.
    func messageFile(_ call: StaffCall) throws -> HTTPResponse {
        let conversation = try conversationID(call)
        let notFound = AreaError.notFound(code: "message_not_found", message: "no such message in this conversation")
        let messageID = try pathID(call.params["message"], notFound: notFound)
        let schema = call.tenant.schema
        guard
            let stored = try pool.withConnection({ conn -> StoredFile? in
                try conn.query(
                    """
                    SELECT m.kind, m.attachment->>'file_id', m.attachment->>'file_name', m.attachment->>'file_size', u.bytes
                    FROM \(ident: schema).messages m
                    JOIN \(ident: schema).conversations c ON c.participant_id = m.participant_id
                    LEFT JOIN \(ident: schema).message_uploads u ON u.message_id = m.id
                    WHERE c.id = \(conversation) AND m.id = \(messageID)
                    """
                ).first.map { row in
                    StoredFile(
                        kind: try row.decode(String.self, 0), fileID: try row.decode(String?.self, 1),
                        fileName: try row.decode(String?.self, 2), fileSize: try row.decode(String?.self, 3).flatMap { Int($0) },
                        upload: try row.decode([UInt8]?.self, 4))
                }
            })
        else { throw notFound }
        guard Self.fileKinds.contains(stored.kind) else { throw Self.fileNotFound }
        let key = "\(schema.raw)|\(messageID)"
        let entry: MessageFileCache.Entry
        if let cached = fileCache.get(key) {
            entry = cached
        } else {
            let bytes: [UInt8]
            if let upload = stored.upload {
                bytes = upload
            } else {
                guard let fileID = stored.fileID else { throw Self.fileNotFound }
                bytes = try download(fileID, size: stored.fileSize, token: call.tenant.botToken.value)
            }
            entry = MessageFileCache.Entry(
                bytes: bytes, type: MessageFileType.decide(kind: stored.kind, bytes: bytes, fileName: stored.fileName),
                stored: Date())
            fileCache.put(key, entry)
        }
        var response = HTTPResponse(status: 200, body: entry.bytes)
        response.headers.add(name: "Content-Type", value: entry.type.contentType)
        response.headers.add(name: "Content-Disposition", value: entry.type.disposition)
        response.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        // Opened on its own, the file is still no page: nothing runs, nothing loads.
        response.headers.add(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        response.headers.add(name: "Cache-Control", value: "private, max-age=3600")
        return response
    }

    static let tooBig = AreaError.upstream(
        code: "file_too_large", message: "the file is larger than 20 MB, the most Telegram hands out to bots")

    /// `getFile`, then the download; Telegram's answers as 404 (gone) or 502 (unreachable, too big).
    func download(_ fileID: String, size: Int?, token: String) throws(AreaError) -> [UInt8] {
        if let size, size > Self.maxFileBytes { throw Self.tooBig }
        let bot = TelegramBot(token: token, client: botAPI.with(retryPolicy: .none, timeout: 15))
        do {
            guard let path = try bot.getFile(fileID: fileID).filePath else {
                throw AreaError.notFound(code: "file_gone", message: "Telegram gave no download path for this file")
            }
            let bytes = try bot.downloadFile(path: path)
            guard bytes.count <= Self.maxFileBytes else { throw Self.tooBig }
            return bytes
        } catch let error as AreaError {
            throw error
        } catch let error as BotAPIError {
            throw Self.fileError(error)
        } catch {
            throw AreaError.upstream(code: "telegram_unavailable", message: "Telegram did not give the file")
        }
    }

    /// Telegram's refusal in the back office's words (pure). Network errors say nothing more:
    /// their text may hold the download URL, and with it the bot token.
    static func fileError(_ error: BotAPIError) -> AreaError {
        switch error {
        case .badRequest(let text) where text.contains("file is too big"): tooBig
        case .badRequest(let text), .notFound(let text):
            .notFound(code: "file_gone", message: "Telegram cannot give this file: \(text)")
        case .network: .upstream(code: "telegram_unavailable", message: "Telegram cannot be reached; try again later")
        default: .upstream(code: "telegram_unavailable", message: "Telegram did not give the file: \(error.description)")
        }
    }
}
