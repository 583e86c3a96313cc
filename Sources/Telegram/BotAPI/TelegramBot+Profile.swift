import TesseraJSON

/// A command in the bot's menu (`BotCommand`): 1–32 characters of `a-z 0-9 _`, a description of
/// 1–256 characters.
public struct BotCommand: Sendable, Equatable {
    public var command: String
    public var description: String

    public init(command: String, description: String) {
        self.command = command
        self.description = description
    }

    public static let commandLength = 1...32
    public static let descriptionLength = 1...256

    /// Whether `name` is a command Telegram accepts (without the slash).
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return commandLength.contains(bytes.count)
            && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    var json: JSONValue { ["command": .string(command), "description": .string(description)] }
}

/// The bot's profile as users see it before and around the chat: commands, descriptions.
extension TelegramBot {
    /// Longest `setMyDescription` text (shown in an empty chat, "What can this bot do?").
    public static let maxDescription = 512
    /// Longest `setMyShortDescription` text (the bot's profile page, shared links).
    public static let maxShortDescription = 120

    /// Sets the commands for users whose language is `languageCode` (nil: everyone without a
    /// list of their own), in the default scope (private chats and groups).
    public func setMyCommands(_ commands: [BotCommand], languageCode: String? = nil) throws(BotAPIError) {
        var p: JSONObject = ["commands": .array(commands.map(\.json))]
        if let languageCode { p["language_code"] = .string(languageCode) }
        _ = try call("setMyCommands", p)
    }

    /// Sets the text of an empty chat; an empty text removes the one for `languageCode`.
    public func setMyDescription(_ description: String, languageCode: String? = nil) throws(BotAPIError) {
        var p: JSONObject = ["description": .string(description)]
        if let languageCode { p["language_code"] = .string(languageCode) }
        _ = try call("setMyDescription", p)
    }

    /// Sets the profile page's short text; an empty text removes the one for `languageCode`.
    public func setMyShortDescription(_ shortDescription: String, languageCode: String? = nil) throws(BotAPIError) {
        var p: JSONObject = ["short_description": .string(shortDescription)]
        if let languageCode { p["language_code"] = .string(languageCode) }
        _ = try call("setMyShortDescription", p)
    }

    /// Sends a message formatted with Telegram's HTML, with one inline button opening a Mini App.
    @discardableResult
    public func sendHTMLMessage(chatID: Int64, html: String, webAppButton: WebAppButton?) throws(BotAPIError)
        -> SentMessage
    {
        var p: JSONObject = ["chat_id": .int(chatID), "text": .string(html), "parse_mode": "HTML"]
        if let webAppButton { p["reply_markup"] = ["inline_keyboard": [[webAppButton.button]]] }
        return try SentMessage(call("sendMessage", p))
    }
}
