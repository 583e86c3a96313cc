import Foundation
import Telegram
import TesseraJSON

/// The bot's profile methods: `setMyCommands`/`getMyCommands`, `setMyDescription`/
/// `getMyDescription`, `setMyShortDescription`/`getMyShortDescription`, per `language_code`
/// (the empty code being everyone's fallback), with Telegram's limits.
///
/// Where the texts come from: "BOT_COMMAND_INVALID" is the Bot API's answer to a command name
/// outside `[a-z0-9_]{1,32}` (quoted by tdlib/telegram-bot-api's maintainer in issue #98). The
/// answers to a bad description, too many commands and a bad language code could not be checked
/// against a primary source; they follow the names of the MTProto errors behind them.
extension SimulatedBot {
    static let profileMethods: Set<String> = [
        "setmycommands", "getmycommands", "deletemycommands", "setmydescription", "getmydescription",
        "setmyshortdescription", "getmyshortdescription",
    ]

    /// The key of a command list: scope type and language code (`default|ru`).
    static func commandsKey(_ p: SimulatorParameters) -> String {
        "\(p.json("scope")?["type"]?.stringValue ?? "default")|\(p.string("language_code") ?? "")"
    }

    func performProfile(_ method: String, _ p: SimulatorParameters) -> (Result<JSONValue, SimulatedError>, Profile?) {
        if let code = p.string("language_code"), !code.isEmpty, !Self.isLanguageCode(code) {
            return (.failure(.badRequest("LANG_CODE_INVALID")), nil)
        }
        let language = p.string("language_code") ?? ""
        var profile = self.profile
        switch method {
        case "setmycommands":
            let list = p.json("commands")?.arrayValue ?? []
            guard list.count <= 100 else { return (.failure(.badRequest("BOT_COMMANDS_TOO_MUCH")), nil) }
            var commands: [JSONValue] = []
            for item in list {
                guard let name = item["command"]?.stringValue, BotCommand.isValidName(name) else {
                    return (.failure(.badRequest("BOT_COMMAND_INVALID")), nil)
                }
                guard let description = item["description"]?.stringValue,
                    BotCommand.descriptionLength.contains(description.count)
                else {
                    return (.failure(.badRequest("BOT_COMMAND_DESCRIPTION_INVALID")), nil)
                }
                commands.append(["command": .string(name), "description": .string(description)])
            }
            profile.commands[Self.commandsKey(p)] = commands
            return (.success(true), profile)
        case "deletemycommands":
            profile.commands[Self.commandsKey(p)] = nil
            return (.success(true), profile)
        case "getmycommands":
            return (.success(.array(profile.commands[Self.commandsKey(p)] ?? [])), nil)
        case "setmydescription":
            let text = p.string("description") ?? ""
            guard text.count <= TelegramBot.maxDescription else {
                return (.failure(.badRequest("BOT_DESCRIPTION_INVALID")), nil)
            }
            profile.descriptions[language] = text.isEmpty ? nil : text
            return (.success(true), profile)
        case "getmydescription":
            return (.success(["description": .string(profile.descriptions[language] ?? profile.descriptions[""] ?? "")]), nil)
        case "setmyshortdescription":
            let text = p.string("short_description") ?? ""
            guard text.count <= TelegramBot.maxShortDescription else {
                return (.failure(.badRequest("BOT_ABOUT_INVALID")), nil)
            }
            profile.shortDescriptions[language] = text.isEmpty ? nil : text
            return (.success(true), profile)
        case "getmyshortdescription":
            return (
                .success([
                    "short_description": .string(profile.shortDescriptions[language] ?? profile.shortDescriptions[""] ?? "")
                ]), nil
            )
        default:
            return (.failure(.methodNotFound), nil)
        }
    }

    /// A two-letter ISO 639-1 code.
    static func isLanguageCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 2 && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// Telegram's checks of an inline keyboard: `web_app` buttons only in private chats, each
    /// with a label and an http(s) URL.
    static func checkInlineKeyboard(_ markup: JSONValue?, privateChat: Bool) -> SimulatedError? {
        guard let rows = markup?["inline_keyboard"]?.arrayValue else { return nil }
        for row in rows {
            for button in row.arrayValue ?? [] {
                guard let text = button["text"]?.stringValue, !text.isEmpty else {
                    return .badRequest("BUTTON_TEXT_INVALID")
                }
                guard let webApp = button["web_app"] else { continue }
                guard privateChat else { return .badRequest("BUTTON_TYPE_INVALID") }
                guard let url = webApp["url"]?.stringValue, let parsed = URL(string: url),
                    ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
                else {
                    return .badRequest("BUTTON_URL_INVALID")
                }
            }
        }
        return nil
    }
}

/// What the bot told Telegram about itself, as users would see it.
struct Profile: Sendable {
    /// Command lists by `scope|language_code`.
    var commands: [String: [JSONValue]] = [:]
    /// Descriptions and short descriptions by language code ("" = everyone else).
    var descriptions: [String: String] = [:]
    var shortDescriptions: [String: String] = [:]

    var json: JSONValue {
        func texts(_ map: [String: String]) -> JSONValue {
            .object(JSONObject(map.keys.sorted().map { ($0, JSONValue.string(map[$0]!)) }))
        }
        return [
            "commands": .object(JSONObject(commands.keys.sorted().map { ($0, JSONValue.array(commands[$0]!)) })),
            "descriptions": texts(descriptions), "short_descriptions": texts(shortDescriptions),
        ]
    }
}
