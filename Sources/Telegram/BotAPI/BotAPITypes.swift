import TesseraJSON

/// The bot itself, as `getMe` describes it.
public struct BotInfo: Sendable, Equatable {
    public var id: Int64
    public var firstName: String
    public var username: String?

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let id = value["id"]?.intValue, let firstName = value["first_name"]?.stringValue else {
            throw .decoding("getMe: expected a User with id and first_name")
        }
        self.id = id
        self.firstName = firstName
        username = value["username"]?.stringValue
    }
}

/// A price line of an invoice; for Telegram Stars (`XTR`) `amount` is a whole number of Stars.
public struct LabeledPrice: Sendable, Equatable {
    public var label: String
    public var amount: Int64

    public init(label: String, amount: Int64) {
        self.label = label
        self.amount = amount
    }

    var json: JSONValue { ["label": .string(label), "amount": .int(amount)] }
}

/// An inline button under a message that opens a Mini App (private chats only).
public struct WebAppButton: Sendable, Equatable {
    public var text: String
    public var url: String

    public init(text: String, url: String) {
        self.text = text
        self.url = url
    }

    var button: JSONValue { ["text": .string(text), "web_app": ["url": .string(url)]] }
}

/// An inline keyboard button that opens a URL; an invoice link (`https://t.me/$…`) opens
/// Telegram's payment sheet.
public struct URLButton: Sendable, Equatable {
    public var text: String
    public var url: String

    public init(text: String, url: String) {
        self.text = text
        self.url = url
    }

    var button: JSONValue { ["text": .string(text), "url": .string(url)] }
}

/// The bot's menu button in a chat (or the default for all chats).
public enum MenuButton: Sendable, Equatable {
    case `default`
    case commands
    case webApp(text: String, url: String)

    var json: JSONValue {
        switch self {
        case .default: ["type": "default"]
        case .commands: ["type": "commands"]
        case .webApp(let text, let url): ["type": "web_app", "text": .string(text), "web_app": ["url": .string(url)]]
        }
    }
}

/// A message the bot sent, as Telegram returns it.
public struct SentMessage: Sendable, Equatable {
    public var messageID: Int64
    public var chatID: Int64
    public var date: Int64
    public var text: String?
    public var caption: String?
    /// The forum topic it went to.
    public var messageThreadID: Int64?
    /// What it holds: for an upload, the `file_id` to send the same file again.
    public var kind: MessageKind

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let id = value["message_id"]?.intValue, let chat = value["chat"]?["id"]?.intValue else {
            throw .decoding("expected a Message with message_id and chat.id")
        }
        messageID = id
        chatID = chat
        date = value["date"]?.intValue ?? 0
        text = value["text"]?.stringValue
        caption = value["caption"]?.stringValue
        messageThreadID = value["message_thread_id"]?.intValue
        kind = MessageKind(message: value)
    }
}

/// A user's membership in a chat (`getChatMember`); in a private chat `kicked` means the user
/// blocked the bot.
public struct ChatMember: Sendable, Equatable {
    /// `creator`, `administrator`, `member`, `restricted`, `left` or `kicked`.
    public var status: String
    public var userID: Int64
    /// `restricted` members only: whether they are still in the chat.
    public var isMember: Bool?
    /// Administrators only: whether they may create, edit, close and reopen forum topics.
    public var canManageTopics: Bool

    init(_ value: JSONValue) throws(BotAPIError) {
        guard let status = value["status"]?.stringValue, let user = value["user"]?["id"]?.intValue else {
            throw .decoding("getChatMember: expected a ChatMember with status and user.id")
        }
        self.status = status
        userID = user
        isMember = value["is_member"]?.boolValue
        // A group's creator holds every right without the flags being listed.
        canManageTopics = status == "creator" || value["can_manage_topics"]?.boolValue == true
    }
}
