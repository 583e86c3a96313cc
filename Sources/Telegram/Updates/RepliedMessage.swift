import Foundation
import TesseraJSON

/// `reply_to_message`: the message replied to. Telegram never nests a further reply in it; in a
/// forum topic a message that replies to nothing else points at the topic's
/// `forum_topic_created` message.
public struct RepliedMessage: Sendable, Equatable {
    public var messageID: Int64
    public var chatID: Int64
    public var from: TelegramUser?
    public var date: Date
    public var kind: MessageKind
    public var caption: String?

    init?(_ value: JSONValue) {
        guard let id = value["message_id"]?.intValue, let chatID = value["chat"]?["id"]?.intValue else { return nil }
        messageID = id
        self.chatID = chatID
        // The bot itself or another user; a malformed one is left out rather than failing the update.
        from = value["from"].flatMap { v in try? TelegramUser(botAPI: v) }
        date = Date(timeIntervalSince1970: TimeInterval(value["date"]?.intValue ?? 0))
        kind = MessageKind(message: value)
        caption = value["caption"]?.stringValue
    }
}
