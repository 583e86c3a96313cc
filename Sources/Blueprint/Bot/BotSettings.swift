/// What the tenant's bot says and shows (`"bot"`): the `/start` welcome, the menu button, the
/// command list and the profile texts. Pushed to Telegram when a tenant is created or a blueprint
/// applied; absent parts fall back to built-in texts (welcome, buttons) or stay unset (the rest).
public struct BotSettings: Sendable, Equatable {
    /// The answer to `/start`, in Telegram's HTML (`parse_mode: "HTML"`), at most 4096 characters
    /// of text once the tags are taken out.
    public var welcome: LocalizedText?
    /// The label of the `web_app` button under the welcome.
    public var welcomeButton: LocalizedText?
    /// The chat menu button's label. Telegram's default menu button has one label for everyone:
    /// the default locale's.
    public var menuButton: LocalizedText?
    /// The text of an empty chat ("What can this bot do?"), at most 512 characters.
    public var description: LocalizedText?
    /// The profile page's text, at most 120 characters.
    public var shortDescription: LocalizedText?
    /// The bot's command list, in order; pushed per locale (`language_code`).
    public var commands: [BotCommandSpec]

    public static let maxWelcome = 4096
    public static let maxButtonLabel = 64
    public static let maxDescription = 512
    public static let maxShortDescription = 120
    /// Telegram takes at most 100 commands per list.
    public static let maxCommands = 100

    public init(
        welcome: LocalizedText? = nil, welcomeButton: LocalizedText? = nil, menuButton: LocalizedText? = nil,
        description: LocalizedText? = nil, shortDescription: LocalizedText? = nil, commands: [BotCommandSpec] = []
    ) {
        self.welcome = welcome
        self.welcomeButton = welcomeButton
        self.menuButton = menuButton
        self.description = description
        self.shortDescription = shortDescription
        self.commands = commands
    }
}

/// One command of the bot's list: its name (`a-z 0-9 _`, 1–32) and what it does (1–256 per locale).
public struct BotCommandSpec: Sendable, Equatable {
    public var command: String
    public var description: LocalizedText

    public init(command: String, description: LocalizedText) {
        self.command = command
        self.description = description
    }
}
