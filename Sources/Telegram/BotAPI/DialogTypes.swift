import TesseraJSON

/// A file to send: one Telegram already has (`file_id`, no upload), or bytes to upload.
public enum InputFile: Sendable, Equatable {
    case fileID(String)
    case upload(FileUpload)
}

/// Bytes to upload with the name and media type the recipient sees.
public struct FileUpload: Sendable, Equatable {
    public var bytes: [UInt8]
    public var fileName: String
    public var mimeType: String

    public init(bytes: [UInt8], fileName: String, mimeType: String = "application/octet-stream") {
        self.bytes = bytes
        self.fileName = fileName
        self.mimeType = mimeType
    }
}

/// `reply_parameters`: the message to reply to (in `chatID`, by default the chat sent to).
public struct ReplyParameters: Sendable, Equatable {
    public var messageID: Int64
    public var chatID: Int64?
    /// Send even when the message to reply to is gone (else Telegram answers 400).
    public var allowSendingWithoutReply: Bool

    public init(messageID: Int64, chatID: Int64? = nil, allowSendingWithoutReply: Bool = false) {
        self.messageID = messageID
        self.chatID = chatID
        self.allowSendingWithoutReply = allowSendingWithoutReply
    }

    var json: JSONValue {
        var o: JSONObject = ["message_id": .int(messageID)]
        if let chatID { o["chat_id"] = .int(chatID) }
        if allowSendingWithoutReply { o["allow_sending_without_reply"] = true }
        return .object(o)
    }
}

/// `getFile`'s `File`: `filePath` is what to download from `/file/bot<token>/<path>` (valid for
/// at least an hour).
public struct TelegramFile: Sendable, Equatable {
    public var file: FileReference
    public var filePath: String?

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let file = FileReference(value) else {
            throw .decoding("getFile: expected a File with file_id and file_unique_id")
        }
        self.file = file
        filePath = value["file_path"]?.stringValue
    }
}

/// A forum topic (`ForumTopic`); `messageThreadID` is what messages to it carry.
public struct ForumTopic: Sendable, Equatable {
    /// The six colours Telegram accepts for a topic icon (RGB).
    public static let iconColors: [Int64] = [0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F]

    public var messageThreadID: Int64
    public var name: String
    public var iconColor: Int64
    public var iconCustomEmojiID: String?

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let id = value["message_thread_id"]?.intValue, let name = value["name"]?.stringValue,
            let color = value["icon_color"]?.intValue
        else { throw .decoding("createForumTopic: expected a ForumTopic with message_thread_id, name and icon_color") }
        messageThreadID = id
        self.name = name
        iconColor = color
        iconCustomEmojiID = value["icon_custom_emoji_id"]?.stringValue
    }
}

/// What `getChat` tells about a chat (`ChatFullInfo`): enough to check a staff group.
public struct ChatInfo: Sendable, Equatable {
    public var id: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    public var type: String
    public var title: String?
    public var username: String?
    public var firstName: String?
    /// True for a supergroup with topics enabled.
    public var isForum: Bool

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let id = value["id"]?.intValue, let type = value["type"]?.stringValue else {
            throw .decoding("getChat: expected a ChatFullInfo with id and type")
        }
        self.id = id
        self.type = type
        title = value["title"]?.stringValue
        username = value["username"]?.stringValue
        firstName = value["first_name"]?.stringValue
        isForum = value["is_forum"]?.boolValue ?? false
    }
}
