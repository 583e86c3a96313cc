import Blueprint
import Telegram

/// The bot's built-in texts, for what a blueprint's `bot` leaves out.
enum BotTexts: String, InterfaceTexts {
    /// `{name}`: the app's name, already HTML-escaped.
    case welcome
    case openButton

    static let english: [BotTexts: String] = [
        .welcome: "👋 Welcome to <b>{name}</b>!\nTap the button below to open the app.",
        .openButton: "Open",
    ]
    static let russian: [BotTexts: String] = [
        .welcome: "👋 Добро пожаловать в <b>{name}</b>!\nНажмите кнопку ниже, чтобы открыть приложение.",
        .openButton: "Открыть",
    ]
}

extension Blueprint {
    /// The `/start` answer in `locale` (Telegram HTML): the blueprint's, else the built-in one.
    func welcomeHTML(locale: String) -> String {
        if let welcome = bot?.welcome { return welcome.resolved(for: locale, defaultLocale: app.defaultLocale) }
        let name = TelegramHTML.escape(app.name.resolved(for: locale, defaultLocale: app.defaultLocale))
        return BotTexts.welcome.text(locale).replacingOccurrences(of: "{name}", with: name)
    }

    func welcomeButton(locale: String) -> String {
        bot?.welcomeButton?.resolved(for: locale, defaultLocale: app.defaultLocale) ?? BotTexts.openButton.text(locale)
    }

    /// Telegram's default menu button has one label for everyone: the default locale's.
    var menuButtonLabel: String {
        bot?.menuButton?.resolved(for: app.defaultLocale, defaultLocale: app.defaultLocale)
            ?? BotTexts.openButton.text(app.defaultLocale)
    }
}
