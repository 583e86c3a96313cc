import Blueprint
import XCTest

final class BotSettingsLoadingTests: XCTestCase {
    func blueprint(app: String = Fixture.appEnRu, bot: String) -> String {
        """
        {
          "version": 1,
          "app": \(app),
          "navigation": \(Fixture.navigation),
          "sections": \(Fixture.sections),
          "bot": \(bot)
        }
        """
    }

    func test_bot_loadsEveryText_andRoundTripsThroughTheCanonicalForm() throws {
        let loaded = try Fixture.loaded(
            blueprint(
                bot: """
                    {
                        "welcome": {"en": "<b>Hi</b> &amp; welcome", "ru": "<i>Привет</i>"},
                        "welcome_button": {"en": "Open", "ru": "Открыть"},
                        "menu_button": "☕",
                        "description": {"en": "Coffee", "ru": "Кофе"},
                        "short_description": "Bean There",
                        "commands": [{"command": "start", "description": {"en": "Start", "ru": "Начать"}},
                                     {"command": "help_me_2", "description": "?"}]
                      }
                    """))
        let bot = try XCTUnwrap(loaded.bot)
        XCTAssertEqual(bot.welcome?.resolved(for: "ru", defaultLocale: "en"), "<i>Привет</i>")
        XCTAssertEqual(bot.menuButton, "☕")
        XCTAssertEqual(bot.commands.map(\.command), ["start", "help_me_2"])
        XCTAssertEqual(bot.commands[0].description.resolved(for: "ru", defaultLocale: "en"), "Начать")
        let again = try Fixture.loaded(String(decoding: loaded.canonicalJSON(), as: UTF8.self))
        XCTAssertEqual(again, loaded)
        XCTAssertNil(try Fixture.loaded(Fixture.blueprint()).bot, "the bot object is optional")
    }

    func test_bot_reportsEachProblemAtTheTranslationItConcerns() {
        let long = String(repeating: "x", count: 121)
        let longer = String(repeating: "я", count: 257)
        Fixture.expect(
            blueprint(
                bot: """
                    {
                        "welcome": {"en": ^"Hi <b>there", "ru": ^"a<br>b"},
                        "welcome_button": ^{"en": "Open"},
                        "short_description": {"en": ^"\(long)", "ru": "ok"},
                        "commands": [{"command": ^"Start", "description": "Go"},
                                     {"command": "go", "description": "Go"},
                                     {"command": "long", "description": {"en": "Go", "ru": ^"\(longer)"}},
                                     ^{"command": "go", "description": "Again"},
                                     ^{"command": "x"}],
                        ^"menu": "Menu"
                      }
                    """),
            [
                #"@1: error at /bot/welcome/en: invalid welcome: Can't find end tag corresponding to start tag "b"; expected Telegram HTML: tags b, i, u, s, tg-spoiler, a href, code, pre, blockquote; write <, > and & as &lt;, &gt; and &amp;"#,
                #"@2: error at /bot/welcome/ru: invalid welcome: Unsupported start tag "br" at character 2; expected Telegram HTML: tags b, i, u, s, tg-spoiler, a href, code, pre, blockquote; write <, > and & as &lt;, &gt; and &amp;"#,
                #"@3: error at /bot/welcome_button: missing translation for "ru"; expected a translation for each declared locale (en, ru)"#,
                #"@4: error at /bot/short_description/en: 121 characters are too long for a short description; expected at most 120 characters (Telegram's limit)"#,
                #"@5: error at /bot/commands/0/command: invalid command "Start"; expected 1 to 32 characters of lowercase a-z, 0-9 and _, without the slash (did you mean "start"?)"#,
                #"@6: error at /bot/commands/2/description/ru: 257 characters are too long for a command description; expected at most 256 characters (Telegram's limit)"#,
                #"@7: error at /bot/commands/3: duplicate command "/go"; expected each value once (already at /bot/commands/1)"#,
                #"@8: error at /bot/commands/4: missing required key "description""#,
                #"@9: error at /bot/menu: unknown key "menu"; expected one of welcome, welcome_button, menu_button, description, short_description, commands"#,
            ])
    }

    func test_welcome_mustEscapeAmpersandsAndFitTelegramsLength() {
        let tooLong = String(repeating: "a", count: 4096) + "<b>b</b>"
        Fixture.expect(
            blueprint(
                app: Fixture.app,
                bot: """
                    {"welcome": ^"Tea & cake"}
                    """),
            [#"@1: error at /bot/welcome: invalid welcome: "&" at character 5 must be written &amp;; expected Telegram HTML: tags b, i, u, s, tg-spoiler, a href, code, pre, blockquote; write <, > and & as &lt;, &gt; and &amp;"#])
        Fixture.expect(
            blueprint(
                app: Fixture.app,
                bot: """
                    {"welcome": ^"\(tooLong)"}
                    """),
            [#"@1: error at /bot/welcome: the welcome is 4097 characters long; expected at most 4096 characters without the tags"#])
        Fixture.expect(
            blueprint(
                app: Fixture.app,
                bot: """
                    {"welcome": ^"<b> </b>"}
                    """),
            [#"@1: error at /bot/welcome: the welcome has no text outside its tags; expected some text to send"#])
    }
}
