import Blueprint
import Foundation
import TesseraCrypto
import TesseraJSON

/// The Bot API calls that make Telegram show what a blueprint's `bot` says (pure: no I/O).
///
/// `setMyCommands`, `setMyDescription` and `setMyShortDescription` in the default locale without
/// a language code (everyone else), and the same for every other locale that is a two-letter code
/// (Telegram's `language_code`); and `setChatMenuButton` opening the mini app when its URL is
/// known. Each call carries the hash of its parameters, so a push can skip what Telegram has.
public struct BotProfile: Sendable, Equatable {
    public struct Call: Sendable, Equatable {
        public var method: String
        /// "" for the call without `language_code`.
        public var languageCode: String
        public var parameters: JSONObject
        /// Whether the call only clears something (an empty list or text): not worth a call when
        /// nothing was ever pushed.
        public var clears: Bool

        /// SHA-256 of the parameters' JSON (keys in a fixed order), lowercase hex.
        public var hash: String { Hex.encode(SHA256.hash(JSONValue.object(parameters).serialized())) }
    }

    public var calls: [Call]

    public init(_ blueprint: Blueprint, appURL: String?) {
        var calls: [Call] = []
        if let appURL {
            calls.append(
                Call(
                    method: "setChatMenuButton", languageCode: "",
                    parameters: [
                        "menu_button": [
                            "type": "web_app", "text": .string(blueprint.menuButtonLabel), "web_app": ["url": .string(appURL)],
                        ]
                    ], clears: false))
        }
        let app = blueprint.app
        // The default locale's texts go without a language code (everyone else): pushing them again
        // under their own code would only cost calls.
        let languages =
            [(app.defaultLocale, "")]
            + app.locales.filter { Self.isLanguageCode($0) && $0 != app.defaultLocale }.map { ($0, $0) }
        let bot = blueprint.bot
        for (locale, code) in languages {
            func text(_ value: LocalizedText?) -> String { value?.resolved(for: locale, defaultLocale: app.defaultLocale) ?? "" }
            func tagged(_ parameters: JSONObject) -> JSONObject {
                var p = parameters
                if !code.isEmpty { p["language_code"] = .string(code) }
                return p
            }
            let commands = (bot?.commands ?? []).map { spec -> JSONValue in
                ["command": .string(spec.command), "description": .string(text(spec.description))]
            }
            calls.append(
                Call(
                    method: "setMyCommands", languageCode: code, parameters: tagged(["commands": .array(commands)]),
                    clears: commands.isEmpty))
            let description = text(bot?.description)
            calls.append(
                Call(
                    method: "setMyDescription", languageCode: code, parameters: tagged(["description": .string(description)]),
                    clears: description.isEmpty))
            let short = text(bot?.shortDescription)
            calls.append(
                Call(
                    method: "setMyShortDescription", languageCode: code,
                    parameters: tagged(["short_description": .string(short)]), clears: short.isEmpty))
        }
        self.calls = calls
    }

    /// The calls to make when Telegram has what `pushed` says (hash by method and language code).
    public func pending(pushed: [String: String]) -> [Call] {
        calls.filter { call in
            let key = Self.key(call.method, call.languageCode)
            guard let previous = pushed[key] else { return !call.clears }
            return previous != call.hash
        }
    }

    static func key(_ method: String, _ languageCode: String) -> String { "\(method)|\(languageCode)" }

    /// Telegram's `language_code`: two lowercase letters (ISO 639-1).
    static func isLanguageCode(_ locale: String) -> Bool {
        let bytes = Array(locale.utf8)
        return bytes.count == 2 && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }
}
