import TesseraJSON

/// User-facing text: one string for every locale, or a translation per locale.
///
/// In JSON it is either `"Coffee"` or `{"en": "Coffee", "ru": "Кофе"}`. Validation guarantees that
/// translations cover the app's default locale and every declared locale.
public enum LocalizedText: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The same text in every locale (names, brands, emoji).
    case plain(String)
    /// Text per locale code.
    case translations([String: String])

    public init(stringLiteral value: String) {
        self = .plain(value)
    }

    /// The text for `locale`, falling back to `defaultLocale` (and then to any translation).
    public func resolved(for locale: String, defaultLocale: String) -> String {
        switch self {
        case .plain(let text):
            return text
        case .translations(let texts):
            if let text = texts[locale] ?? texts[defaultLocale] { return text }
            return texts.keys.sorted().first.flatMap { texts[$0] } ?? ""
        }
    }

    /// The JSON form: a string, or an object with locale keys sorted.
    public var json: JSONValue {
        switch self {
        case .plain(let text):
            return .string(text)
        case .translations(let texts):
            return .object(JSONObject(texts.keys.sorted().map { ($0, JSONValue.string(texts[$0]!)) }))
        }
    }
}
