/// A tenant's app, as described by its blueprint file: the typed, validated model.
///
/// Build one with `BlueprintLoader.load(_:file:)`; every value in it has passed validation
/// (see docs/blueprints.md for the rules).
public struct Blueprint: Sendable, Equatable {
    /// The blueprint format number (`"version"`); currently always `1`.
    public var formatVersion: Int
    /// The optional `"$schema"` reference, kept so the canonical form preserves it.
    public var schema: String?
    /// App-wide settings: name, locales, theme.
    public var app: AppInfo
    /// The tab bar or menu.
    public var navigation: Navigation
    /// The screens, in authoring order.
    public var sections: [Section]
    /// Custom questions of the contact form, beside phone and email (`"contact_fields"`).
    public var contactFields: [ContactField]
    /// What the bot says and shows (`"bot"`); nil = built-in welcome, nothing else pushed.
    public var bot: BotSettings?

    /// The format number this build understands.
    public static let currentFormatVersion = 1

    public init(
        formatVersion: Int = Blueprint.currentFormatVersion, schema: String? = nil, app: AppInfo, navigation: Navigation, sections: [Section],
        contactFields: [ContactField] = [], bot: BotSettings? = nil
    ) {
        self.bot = bot
        self.formatVersion = formatVersion
        self.schema = schema
        self.app = app
        self.navigation = navigation
        self.sections = sections
        self.contactFields = contactFields
    }

    /// The contact field with `id`, if any.
    public func contactField(id: String) -> ContactField? {
        contactFields.first { $0.id == id }
    }

    /// The section with `id`, if any.
    public func section(id: String) -> Section? {
        sections.first { $0.id == id }
    }
}

/// App-wide settings (`"app"`).
public struct AppInfo: Sendable, Equatable {
    /// The app's display name.
    public var name: LocalizedText
    /// The locale every user-facing string must have, and the fallback for unknown locales.
    public var defaultLocale: String
    /// Every supported locale, the default first; each localized string must cover them all.
    public var locales: [String]
    /// An optional one-paragraph description.
    public var description: LocalizedText?
    /// Colours.
    public var theme: Theme

    public init(name: LocalizedText, defaultLocale: String, locales: [String], description: LocalizedText? = nil, theme: Theme) {
        self.name = name
        self.defaultLocale = defaultLocale
        self.locales = locales
        self.description = description
        self.theme = theme
    }
}

/// The app's colours (`"app.theme"`).
public struct Theme: Sendable, Equatable {
    /// Accent colour for the light scheme.
    public var accent: HexColor
    /// Accent colour for the dark scheme (the client derives one from `accent` when absent).
    public var accentDark: HexColor?

    public init(accent: HexColor, accentDark: HexColor? = nil) {
        self.accent = accent
        self.accentDark = accentDark
    }
}

/// A colour written `#rrggbb` (stored lowercased).
public struct HexColor: Sendable, Hashable, CustomStringConvertible {
    /// The `#rrggbb` text, lowercased.
    public let hex: String

    /// Accepts exactly `#` followed by six hexadecimal digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { return nil }
        for byte in bytes.dropFirst() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                continue
            default:
                return nil
            }
        }
        hex = text.lowercased()
    }

    public var description: String { hex }
}
