import Foundation
import Telegram
import TesseraJSON

extension Validator {
    /// `"bot"`: every text checked per translation, at the translation's own position.
    func readBot(_ field: Field) -> BotSettings? {
        guard let reader = object(field, kind: "bot") else { return nil }
        var valid = true
        func text(_ key: String, _ check: (String) -> (message: String, expected: String)?) -> LocalizedText? {
            guard let member = reader[key] else { return nil }
            guard let localized = localized(member) else {
                valid = false
                return nil
            }
            for (pointer, value) in translations(localized, at: member.pointer) {
                if let problem = check(value) {
                    report(pointer, problem.message, expected: problem.expected)
                    valid = false
                }
            }
            return localized
        }
        let welcome = text("welcome", Self.welcomeProblem)
        let welcomeButton = text("welcome_button") { Self.lengthProblem($0, "a button label", BotSettings.maxButtonLabel) }
        let menuButton = text("menu_button") { Self.lengthProblem($0, "a button label", BotSettings.maxButtonLabel) }
        let description = text("description") { Self.lengthProblem($0, "a description", BotSettings.maxDescription) }
        let short = text("short_description") {
            Self.lengthProblem($0, "a short description", BotSettings.maxShortDescription)
        }
        var commands: [BotCommandSpec] = []
        if let list = reader["commands"] {
            let before = diagnostics.count
            commands = uniqueList(list, subject: "command", key: \.command, describe: { "\"/\($0)\"" }) { readBotCommand($0) }
            if commands.count > BotSettings.maxCommands {
                report(list.pointer, "\(commands.count) commands", expected: "at most \(BotSettings.maxCommands) (Telegram's limit)")
            }
            if diagnostics.count != before { valid = false }
        }
        guard valid else { return nil }
        return BotSettings(
            welcome: welcome, welcomeButton: welcomeButton, menuButton: menuButton, description: description,
            shortDescription: short, commands: commands)
    }

    func readBotCommand(_ field: Field) -> BotCommandSpec? {
        guard let reader = object(field, kind: "bot_command") else { return nil }
        var name: String?
        if let member = reader["command"], let raw = string(member) {
            if BotCommand.isValidName(raw) {
                name = raw
            } else {
                let fixed = String(raw.lowercased().drop { $0 == "/" }.map { $0 == "-" || $0 == " " ? "_" : $0 })
                report(
                    member.pointer, "invalid command \"\(raw)\"",
                    expected: "1 to 32 characters of lowercase a-z, 0-9 and _, without the slash",
                    suggestion: BotCommand.isValidName(fixed) ? fixed : nil)
            }
        }
        var description: LocalizedText?
        if let member = reader["description"], let localized = localized(member) {
            var ok = true
            for (pointer, value) in translations(localized, at: member.pointer) {
                if let problem = Self.lengthProblem(value, "a command description", BotCommand.descriptionLength.upperBound) {
                    report(pointer, problem.message, expected: problem.expected)
                    ok = false
                }
            }
            if ok { description = localized }
        }
        guard let name, let description else { return nil }
        return BotCommandSpec(command: name, description: description)
    }

    /// Each text of `localized` with the pointer it was written at.
    func translations(_ localized: LocalizedText, at pointer: JSONPointer) -> [(JSONPointer, String)] {
        switch localized {
        case .plain(let text): [(pointer, text)]
        case .translations(let texts): texts.keys.sorted().map { (pointer.appending($0), texts[$0]!) }
        }
    }

    static func lengthProblem(_ text: String, _ what: String, _ limit: Int) -> (message: String, expected: String)? {
        let length = text.count
        guard length > limit else { return nil }
        return ("\(length) characters are too long for \(what)", "at most \(limit) characters (Telegram's limit)")
    }

    /// Telegram's HTML, strictly (a bare `&` or `>` too), and at most 4096 characters of text.
    static func welcomeProblem(_ html: String) -> (message: String, expected: String)? {
        let expected = "Telegram HTML: tags \(TelegramHTML.tagNames); write <, > and & as &lt;, &gt; and &amp;"
        switch TelegramHTML.parse(html, strict: true) {
        case .failure(let error):
            var message = error.description.replacingOccurrences(of: "can't parse entities: ", with: "")
            if let offset = error.byteOffset {
                let character = String(decoding: Array(html.utf8).prefix(offset), as: UTF8.self).count + 1
                message = message.replacingOccurrences(of: "at byte offset \(offset)", with: "at character \(character)")
            }
            return ("invalid welcome: \(message)", expected)
        case .success(let parsed):
            if parsed.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return ("the welcome has no text outside its tags", "some text to send")
            }
            let length = parsed.text.utf16.count
            guard length > BotSettings.maxWelcome else { return nil }
            return (
                "the welcome is \(length) characters long", "at most \(BotSettings.maxWelcome) characters without the tags"
            )
        }
    }
}

extension BotSettings {
    /// The canonical form (absent texts stay absent: their fallbacks are not the blueprint's).
    var jsonValue: JSONValue {
        var object = JSONObject()
        if let welcome { object["welcome"] = welcome.json }
        if let welcomeButton { object["welcome_button"] = welcomeButton.json }
        if let menuButton { object["menu_button"] = menuButton.json }
        if let description { object["description"] = description.json }
        if let shortDescription { object["short_description"] = shortDescription.json }
        if !commands.isEmpty {
            object["commands"] = .array(
                commands.map { ["command": .string($0.command), "description": $0.description.json] })
        }
        return .object(object)
    }
}
