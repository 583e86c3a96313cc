import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// A participant's message in the bot's private chat, as the intake stored it in `messages`.
public struct ReceivedMessage: Sendable, Equatable {
    /// The `messages` row.
    public var id: Int64
    public var participantID: Int64
    public var at: Date
    /// `text`, `photo`, `document`, `voice`, `video`, `sticker`, `contact` or `unsupported`.
    public var kind: String
    /// The text, or the caption of an attachment ('' when there is none).
    public var text: String

    public init(id: Int64, participantID: Int64, at: Date, kind: String, text: String) {
        self.id = id
        self.participantID = participantID
        self.at = at
        self.kind = kind
        self.text = text
    }
}

/// What an area does when a participant's message has just been stored, in the update's
/// transaction (a throw rolls the update back, to be retried): Dialogs opens the conversation.
public protocol MessageReceiving: Sendable {
    func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws
    /// A message in a supergroup the bot is in (the staff forum group), in the update's transaction.
    func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws
}

extension MessageReceiving {
    public func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {}
}

/// How a message is stored in `messages`: its kind, its text (or caption), and what Telegram
/// said about the attachment (`file_id` first of all: the bot can send or download it again).
public struct StoredContent: Sendable, Equatable {
    public var kind: String
    public var text: String
    public var attachment: JSONValue?

    /// Nil for what is not a participant's message to the inbox (payments, forum service messages).
    public init?(_ message: IncomingMessage) {
        let caption = message.caption ?? ""
        func file(_ f: FileReference, _ extra: JSONObject = [:]) -> JSONValue {
            var o: JSONObject = ["file_id": .string(f.fileID), "file_unique_id": .string(f.fileUniqueID)]
            if let size = f.fileSize { o["file_size"] = .int(size) }
            for (k, v) in extra { o[k] = v }
            return .object(o)
        }
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        switch message.kind {
        case .text(let text): self.init(kind: "text", text: text, attachment: nil)
        case .photo(let sizes):
            let largest = sizes.last!
            self.init(
                kind: "photo", text: caption,
                attachment: file(largest.file, ["width": .int(largest.width), "height": .int(largest.height)]))
        case .document(let d):
            self.init(
                kind: "document", text: caption,
                attachment: file(d.file, ["file_name": optional(d.fileName), "mime_type": optional(d.mimeType)]))
        case .voice(let v):
            self.init(
                kind: "voice", text: caption,
                attachment: file(v.file, ["duration": .int(v.duration), "mime_type": optional(v.mimeType)]))
        case .video(let v):
            self.init(
                kind: "video", text: caption,
                attachment: file(
                    v.file,
                    [
                        "width": .int(v.width), "height": .int(v.height), "duration": .int(v.duration),
                        "file_name": optional(v.fileName), "mime_type": optional(v.mimeType),
                    ]))
        case .sticker(let s):
            self.init(
                kind: "sticker", text: s.emoji ?? "",
                attachment: file(
                    s.file,
                    [
                        "type": .string(s.type), "emoji": optional(s.emoji), "is_animated": .bool(s.isAnimated),
                        "is_video": .bool(s.isVideo),
                    ]))
        case .contact(let c):
            self.init(
                kind: "contact", text: "",
                attachment: [
                    "phone_number": .string(c.phoneNumber), "first_name": .string(c.firstName),
                    "last_name": optional(c.lastName), "user_id": c.userID.map(JSONValue.int) ?? .null,
                ])
        case .unsupported(let keys):
            self.init(kind: "unsupported", text: caption, attachment: ["keys": .array(keys.map(JSONValue.string))])
        case .payment, .forumTopicCreated, .forumTopicClosed, .forumTopicReopened: return nil
        }
    }

    init(kind: String, text: String, attachment: JSONValue?) {
        self.kind = kind
        self.text = text
        self.attachment = attachment
    }
}
