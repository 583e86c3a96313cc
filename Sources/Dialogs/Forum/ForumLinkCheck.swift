import HTTP
import Kernel
import Telegram
import TesseraJSON

/// Why a chat cannot be the staff forum group: a 422 with its own code, naming `chat_id`.
enum ForumLinkError: RenderableError, Equatable {
    case chatNotFound
    case notAForum(type: String)
    case botNotAdmin(status: String)
    case noTopicRights
    /// Telegram could not be asked (network, 5xx, 429): nothing was changed.
    case telegramUnavailable(String)

    var code: String {
        switch self {
        case .chatNotFound: "forum_chat_not_found"
        case .notAForum: "forum_not_a_forum"
        case .botNotAdmin: "forum_bot_not_admin"
        case .noTopicRights: "forum_no_topic_rights"
        case .telegramUnavailable: "telegram_unavailable"
        }
    }

    var message: String {
        switch self {
        case .chatNotFound:
            "Telegram knows no such chat for the bot: add the bot to the group first, and give the group's id (-100…)"
        case .notAForum(let type):
            type == "supergroup"
                ? "the group has no topics: turn on Topics in the group's settings"
                : "the chat is a \(type), not a supergroup with topics"
        case .botNotAdmin(let status):
            "the bot is \(status == "member" ? "a plain member" : "not in the group (\(status))"): make it an administrator"
        case .noTopicRights: "the bot is an administrator without the right to manage topics: turn on Manage Topics"
        case .telegramUnavailable(let why): "Telegram could not be asked, nothing was changed: \(why)"
        }
    }

    var response: HTTPResponse {
        let status = if case .telegramUnavailable = self { 502 } else { 422 }
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        if status == 422 { error["details"] = [["field": "chat_id", "message": .string(message)]] }
        return .json(JSONValue.object(["error": .object(error)]).serialized(), status: status)
    }

    /// Whether `chat` (with the bot's membership `bot`) can be the forum group (pure).
    static func check(chat: ChatInfo, bot: ChatMember) -> ForumLinkError? {
        guard chat.type == "supergroup", chat.isForum else { return .notAForum(type: chat.type) }
        guard ["administrator", "creator"].contains(bot.status) else { return .botNotAdmin(status: bot.status) }
        guard bot.canManageTopics else { return .noTopicRights }
        return nil
    }

    /// Asks Telegram about `chatID` (`getChat`, then the bot's own `getChatMember`); the chat's
    /// title when it can be linked.
    static func verify(_ chatID: Int64, bot: TelegramBot, botID: Int64) throws(ForumLinkError) -> String {
        let chat: ChatInfo
        let member: ChatMember
        do throws(BotAPIError) {
            chat = try bot.getChat(chatID: chatID)
            member = try bot.getChatMember(chatID: chatID, userID: botID)
        } catch {
            switch error {
            case .badRequest, .forbidden, .notFound: throw .chatNotFound
            default: throw .telegramUnavailable(error.description)
            }
        }
        if let problem = check(chat: chat, bot: member) { throw problem }
        return chat.title ?? ""
    }
}
