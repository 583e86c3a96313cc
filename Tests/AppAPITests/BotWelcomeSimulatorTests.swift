import Blueprint
import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import XCTest

/// The bot greets, end to end: `/start` through the simulator's webhook push, the `bot.welcome`
/// job answering through the simulator's Bot API, and the `bot.profile` job that `tenant create`,
/// `apply` and `rollback` queue (menu button, commands, descriptions per language).
final class BotWelcomeSimulatorTests: XCTestCase {
    static let ann = TelegramUser(id: 710_001, firstName: "Ann", languageCode: "en")
    static let boris = TelegramUser(id: 710_002, firstName: "Борис", languageCode: "ru")

    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }

    override func tearDown() { telegram?.stop() }

    func start(_ slug: String) throws {
        telegram = try SimulatedTelegram(slug: slug, botUsername: "greet_bot", retryPolicy: .none)
    }

    func appURL(_ slug: String) -> String { h.baseURL + "/app/\(slug)/" }

    /// What the CLI does after `tenant create` / `apply` / `rollback`: queue a push of the live
    /// version; then the job runner makes the calls.
    func pushProfile(_ slug: String) throws {
        let record = try XCTUnwrap(try h.pool.withConnection { try TenantCatalog().find(try TenantSlug(slug), $0) })
        let version = try XCTUnwrap(record.liveVersion)
        let url = appURL(slug)
        try h.pool.withConnection { try BotProfileJob.enqueue(version: version, appURL: url, schema: record.schema, $0) }
        try runJobs()
    }

    func runJobs() throws {
        while try h.context.jobs.runDue().ran > 0 {}
    }

    func welcomes(to user: TelegramUser) -> [JSONValue] {
        telegram.simulator.sentMessages(botID: telegram.bot, chatID: user.id)
    }

    func count(_ sql: String) throws -> Int64 {
        try h.pool.query(SQL(unsafe: sql)).first!.decode(Int64.self, 0)
    }

    func profileCalls() -> [String] {
        telegram.simulator.calls(botID: telegram.bot).map(\.method).filter { $0.hasPrefix("setMy") || $0 == "setChatMenuButton" }
    }

    // MARK: - The welcome

    func test_start_isAnsweredWithTheBlueprintsWelcomeInHTMLAndAWebAppButton() throws {
        try start("coffee-shop")
        try pushProfile("coffee-shop")
        XCTAssertTrue(telegram.simulator.sendStart(botID: telegram.bot, user: Self.ann).delivered)
        try runJobs()

        let sent = welcomes(to: Self.ann)
        XCTAssertEqual(sent.count, 1)
        let welcome = try XCTUnwrap(sent.first)
        let text = try XCTUnwrap(welcome["text"]?.stringValue)
        XCTAssertTrue(text.hasPrefix("☕ Welcome to Bean There!\n\nOrder ahead"), text)
        XCTAssertFalse(text.contains("<b>"), "Telegram shows the text without its tags")
        XCTAssertEqual(welcome["entities"]?.arrayValue?.first, ["type": "bold", "offset": 2, "length": 22])
        let button = try XCTUnwrap(welcome["reply_markup"]?["inline_keyboard"]?[0]?[0])
        XCTAssertEqual(button["text"], "Open Bean There")
        XCTAssertEqual(button["web_app"]?["url"]?.stringValue, appURL("coffee-shop"))
        // The welcome is in the participant's dialog like any message the bot sent.
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out' AND text LIKE '☕ Welcome%'"), 1)
    }

    func test_start_speaksTheParticipantsLanguageAndFallsBackToTheDefaultLocale() throws {
        try start("events-club")
        try pushProfile("events-club")
        let cy = TelegramUser(id: 710_003, firstName: "Cy", languageCode: "de")
        for user in [Self.boris, cy] { XCTAssertTrue(telegram.simulator.sendStart(botID: telegram.bot, user: user).delivered) }
        try runJobs()

        let russian = try XCTUnwrap(welcomes(to: Self.boris).first)
        XCTAssertTrue(russian["text"]?.stringValue?.hasPrefix("🦉 Клуб «Ночные совы» открыт.") == true, "\(russian)")
        XCTAssertEqual(russian["reply_markup"]?["inline_keyboard"]?[0]?[0]?["text"], "Открыть программу")
        let english = try XCTUnwrap(welcomes(to: cy).first)
        XCTAssertTrue(english["text"]?.stringValue?.hasPrefix("🦉 Night Owls Club is open.") == true, "\(english)")
        XCTAssertEqual(english["reply_markup"]?["inline_keyboard"]?[0]?[0]?["text"], "See the programme")
    }

    func test_startWithAParameter_keepsItsAttributionAndCarriesItInTheButtonsURL() throws {
        try start("coffee-shop")
        try pushProfile("coffee-shop")
        telegram.simulator.sendStart(botID: telegram.bot, user: Self.ann)
        let annID = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(Self.ann.id)")
            .first!.decode(Int64.self, 0)
        let bob = TelegramUser(id: 710_004, firstName: "Bob", languageCode: "en")
        XCTAssertTrue(telegram.simulator.sendStart(botID: telegram.bot, user: bob, payload: "ref_\(annID)").delivered)
        try runJobs()

        let url = welcomes(to: bob).first?["reply_markup"]?["inline_keyboard"]?[0]?[0]?["web_app"]?["url"]?.stringValue
        XCTAssertEqual(url, appURL("coffee-shop") + "?startapp=ref_\(annID)")
        XCTAssertEqual(
            try h.pool.query("SELECT source FROM t_coffee_shop.participants WHERE telegram_id = \(bob.id)")
                .first!.decode(String?.self, 0), "ref_\(annID)")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.referrals WHERE referrer_id = \(annID)"), 1)
    }

    /// The mini app opened from the welcome's button: Telegram gives it no `start_param`, the
    /// front end sends the URL's `startapp` as `X-Tessera-Start-Param`, and a participant met
    /// there first gets it as their source.
    func test_miniAppLaunchedFromTheWelcomeButton_recordsTheStartParameterAsTheSource() throws {
        try start("coffee-shop")
        try pushProfile("coffee-shop")
        XCTAssertTrue(telegram.simulator.sendStart(botID: telegram.bot, user: Self.ann, payload: "flyer_2026").delivered)
        try runJobs()
        let url = try XCTUnwrap(
            welcomes(to: Self.ann).first?["reply_markup"]?["inline_keyboard"]?[0]?[0]?["web_app"]?["url"]?.stringValue)
        XCTAssertTrue(url.hasSuffix("?startapp=flyer_2026"), url)

        // Someone the bot has not met opens that button (a forwarded welcome): initData without start_param.
        let dana = TelegramUser(id: 710_005, firstName: "Dana", languageCode: "en")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData("coffee-shop", user: dana).addingPercentEncoding(withAllowedCharacters: allowed)!
        let page = try HeadlessPage()
        try page.navigate("\(url)#tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web")
        try page.wait(for: #"document.body.dataset.ready === "true""#)
        XCTAssertEqual(
            try h.pool.query("SELECT source FROM t_coffee_shop.participants WHERE telegram_id = \(dana.id)")
                .first?.decode(String?.self, 0), "flyer_2026")
    }

    func test_startParameterHeader_countsOnlyWithoutStartParamAndWhenValid() throws {
        try start("coffee-shop")
        func launch(_ user: TelegramUser, startParam: String?, header: String) throws {
            let reply = try h.get(
                "/api/v1/coffee-shop/app",
                headers: [
                    "Authorization": "tma " + Harness.initData("coffee-shop", user: user, startParam: startParam),
                    "X-Tessera-Start-Param": header,
                ])
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        func source(_ user: TelegramUser) throws -> String? {
            try h.pool.query("SELECT source FROM t_coffee_shop.participants WHERE telegram_id = \(user.id)")
                .first!.decode(String?.self, 0)
        }
        let users = (0..<3).map { TelegramUser(id: 710_010 + Int64($0), firstName: "U\($0)", languageCode: "en") }
        try launch(users[0], startParam: "from_link", header: "from_button")
        try launch(users[1], startParam: nil, header: "not valid!")
        try launch(users[2], startParam: nil, header: "from_button")
        XCTAssertEqual(try source(users[0]), "from_link", "initData's start_param wins")
        XCTAssertNil(try source(users[1]))
        XCTAssertEqual(try source(users[2]), "from_button")
    }

    /// Telegram redelivers an update whose answer was slow, possibly while the first delivery is
    /// still being processed: one welcome however many arrive at once.
    func test_parallelDuplicateDeliveries_getOneWelcome() throws {
        try start("coffee-shop")
        try pushProfile("coffee-shop")
        let update: JSONObject = [
            "update_id": 9_100_001,
            "message": [
                "message_id": 5, "from": Self.ann.botAPIJSON, "chat": ["id": .int(Self.ann.id), "type": "private"],
                "date": 1_700_000_000, "text": "/start", "entities": [["type": "bot_command", "offset": 0, "length": 6]],
            ],
        ]
        let simulator = telegram.simulator
        let bot = telegram.bot
        simulator.sendText(botID: bot, user: Self.ann, text: "hello")
        let first = simulator.sendStart(botID: bot, user: Self.boris)
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            if i % 2 == 0 {
                XCTAssertEqual(simulator.pushRaw(botID: bot, update: update).status, 200)
            } else {
                XCTAssertEqual(simulator.redeliver(botID: bot, updateID: first.updateID)?.status, 200)
            }
        }
        try runJobs()
        XCTAssertEqual(welcomes(to: Self.ann).count, 1)
        XCTAssertEqual(welcomes(to: Self.boris).count, 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.jobs WHERE kind = 'bot.welcome'"), 2)
    }

    func test_bannedParticipant_getsNoWelcome() throws {
        try start("coffee-shop")
        try pushProfile("coffee-shop")
        telegram.simulator.sendText(botID: telegram.bot, user: Self.ann, text: "hi")
        _ = try h.pool.execute("UPDATE t_coffee_shop.participants SET banned_at = now(), ban_reason = 'spam'")
        telegram.simulator.sendStart(botID: telegram.bot, user: Self.ann)
        try runJobs()
        XCTAssertEqual(welcomes(to: Self.ann).count, 0)
    }

    // MARK: - The profile

    func test_profile_isPushedOnCreatePerLanguageAndOnApplyOnlyWhatChanged() throws {
        try start("events-club")
        try pushProfile("events-club")
        let simulator = telegram.simulator
        let menu = try XCTUnwrap(simulator.menuButton(botID: telegram.bot))
        XCTAssertEqual(menu, ["type": "web_app", "text": "Programme", "web_app": ["url": .string(appURL("events-club"))]])
        let profile = try XCTUnwrap(simulator.profile(botID: telegram.bot))
        XCTAssertEqual(
            profile["commands"]?["default|"],
            [["command": "start", "description": "Open the programme"], ["command": "help", "description": "Ask the organisers a question"]])
        XCTAssertEqual(profile["commands"]?["default|ru"]?[0]?["description"], "Открыть программу")
        XCTAssertTrue(profile["descriptions"]?[""]?.stringValue?.hasPrefix("Night Owls Club's events") == true)
        XCTAssertTrue(profile["descriptions"]?["ru"]?.stringValue?.hasPrefix("События клуба") == true)
        XCTAssertEqual(profile["short_descriptions"]?[""], "Evening events and masterclasses: seats, tickets, reminders.")
        XCTAssertEqual(profile["short_descriptions"]?["ru"], "Вечерние события и мастер-классы: места, билеты, напоминания.")
        XCTAssertEqual(profileCalls().count, 7, "the menu button and three calls for each of en (default) and ru")

        // Apply with one changed translation: one call.
        var blueprint = try Harness.blueprint("events-club")
        blueprint.bot?.shortDescription = .translations(["en": "Evening events.", "ru": "Вечерние события."])
        let outcome = try h.provisioner.apply(try Harness.manifest("events-club"), botToken: nil, blueprint: blueprint)
        XCTAssertNotNil(outcome.newVersion)
        try h.registry.reloadAll()
        try pushProfile("events-club")
        XCTAssertEqual(Array(profileCalls().dropFirst(7)), ["setMyShortDescription", "setMyShortDescription"])
        XCTAssertEqual(simulator.profile(botID: telegram.bot)?["short_descriptions"]?["ru"], "Вечерние события.")

        // Apply unchanged: the job runs and calls nothing.
        try pushProfile("events-club")
        XCTAssertEqual(profileCalls().count, 9)
    }

    func test_profilePush_waitsOutTelegramsRetryAfterAndGoesOnWhereItStopped() throws {
        try start("coffee-shop")
        telegram.simulator.injectFault(botID: telegram.bot, method: "setMyDescription", count: 1, errorCode: 429, retryAfter: 1)
        try pushProfile("coffee-shop")
        XCTAssertEqual(profileCalls(), ["setChatMenuButton", "setMyCommands", "setMyDescription"])
        Thread.sleep(forTimeInterval: 1.2)
        try runJobs()
        XCTAssertEqual(
            profileCalls(), ["setChatMenuButton", "setMyCommands", "setMyDescription", "setMyDescription", "setMyShortDescription"])
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.bot_profile"), 4)
    }
}
