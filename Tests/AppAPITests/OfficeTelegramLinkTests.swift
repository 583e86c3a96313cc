import Foundation
import Kernel
import Postgres
import Staff
import Telegram
import TesseraCrypto
import XCTest

/// Linking a staff member's Telegram account through the tenant's bot, over the Bot API
/// simulator: the office's deep link, the bot's `/start`, the bot's answers, and "sign in with
/// Telegram" once linked. (Extends `OfficeSessionTests` for its invitation and cookie helpers.)
extension OfficeSessionTests {
    /// The server on a simulated Telegram holding the tenant's bot, with https links.
    func simulatedTelegram() throws -> SimulatedTelegram {
        h.stop()
        let telegram = try SimulatedTelegram(
            slug: "coffee-shop", botUsername: "beans_bot", publicURL: "https://office.example")
        h = telegram.h
        return telegram
    }

    /// Runs the due jobs and returns the text of the bot's last message to `chat`.
    func botAnswer(_ telegram: SimulatedTelegram, to chat: Int64) throws -> String {
        _ = try h.context.jobs.runDue()
        return try XCTUnwrap(telegram.simulator.sentMessages(botID: telegram.bot, chatID: chat).last?["text"]?.stringValue)
    }

    /// The `start` value of a deep link from `POST /office/api/me/telegram-link`.
    func startValue(_ reply: Harness.Reply) throws -> String {
        let link = try XCTUnwrap(reply.json["link"] as? String, reply.text)
        let bot = h.registry.tenant("coffee-shop")!.botUsername
        XCTAssertTrue(link.hasPrefix("https://t.me/\(bot)?start=staff_"), link)
        return String(link.dropFirst("https://t.me/\(bot)?start=".count))
    }

    func test_telegramLink_deepLinkThroughTheBotLinksTheAccount_andSignInWithTelegramThenWorks() throws {
        let telegram = try simulatedTelegram()
        defer { telegram.stop() }
        let (_, signedIn) = try accept(try invite("coffee-shop", role: .support), email: "link@example.com")
        let browser = try XCTUnwrap(signedIn)
        XCTAssertEqual(
            try office("POST", "/office/api/me/telegram-link", browser, body: ["tenant": "coffee-shop"], csrf: "wrong")
                .status, 403, "CSRF is checked")
        XCTAssertEqual(
            try office("POST", "/office/api/me/telegram-link", browser, body: ["tenant": "other"]).errorCode,
            "tenant_not_found")
        let reply = try office("POST", "/office/api/me/telegram-link", browser, body: ["tenant": "coffee-shop"])
        XCTAssertEqual(reply.status, 201, reply.text)
        let start = try startValue(reply)
        // Telegram's rule for start values: A–Z a–z 0–9 _ -, at most 64 characters.
        XCTAssertNotNil(start.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression), start)
        let expires = try XCTUnwrap(Instant.parse(try XCTUnwrap(reply.json["expires_at"] as? String)))
        XCTAssertEqual(expires.timeIntervalSinceNow, 900, accuracy: 60)
        let token = String(start.dropFirst("staff_".count))
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM platform.staff_links WHERE kind = 'telegram_link' AND token_hash = '\(Hex.encode(SHA256.hash(Array(token.utf8))))'"
            ), 1, "only the token's hash is stored")

        let user = Harness.user(id: 777_002, language: "en")
        XCTAssertEqual(telegram.simulator.sendStart(botID: telegram.bot, user: user, payload: start).delivered, true)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants"), 0, "a staff /start is no participant")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages"), 0, "nor a message for the inbox")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0)
        let linked = try botAnswer(telegram, to: user.id)
        XCTAssertTrue(linked.hasPrefix("Telegram привязан к бэк-офису"), "the person's locale (ru): \(linked)")
        XCTAssertTrue(linked.contains("Ann <b>Lee</b>"), linked)
        XCTAssertEqual(
            (try office("GET", "/office/api/session", browser).json["staff"] as? [String: Any])?["telegram_linked"]
                as? Bool, true, "the office shows the linked state")
        XCTAssertEqual(
            try office("POST", "/office/api/me/telegram-link", browser, body: ["tenant": "coffee-shop"]).errorCode,
            "telegram_already_linked")

        // The same link again: from the same account it is already linked, from another it is used.
        telegram.simulator.sendStart(botID: telegram.bot, user: user, payload: start)
        XCTAssertTrue(try botAnswer(telegram, to: user.id).contains("уже привязан к вашей"))
        let stranger = Harness.user(id: 777_003, language: "en")
        telegram.simulator.sendStart(botID: telegram.bot, user: stranger, payload: start)
        XCTAssertTrue(try botAnswer(telegram, to: stranger.id).contains("уже использована"), "the link's person speaks ru")
        telegram.simulator.sendStart(
            botID: telegram.bot, user: stranger, payload: "staff_" + String(repeating: "A", count: 43))
        XCTAssertEqual(
            try botAnswer(telegram, to: stranger.id),
            "This link is not valid. Ask for a new one in the back office: profile → Link Telegram.",
            "an unknown token is answered in the sender's language")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants"), 0)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM platform.staff_people WHERE telegram_user_id IS NOT NULL"), 1)

        // Linked: "sign in with Telegram" sends a link that signs in.
        XCTAssertEqual(
            try h.call("POST", "/office/api/telegram-sign-in", body: ["email": "link@example.com"]).status, 202)
        _ = try h.context.jobs.runDue()
        let message = try XCTUnwrap(telegram.simulator.sentMessages(botID: telegram.bot, chatID: user.id).last)
        let url = try XCTUnwrap(message["reply_markup"]?["inline_keyboard"]?[0]?[0]?["url"]?.stringValue)
        XCTAssertTrue(url.hasPrefix("https://office.example/office/telegram/"), url)
        let signIn = try h.call("POST", "/office/api/telegram-sign-in/\(url.split(separator: "/").last!)")
        XCTAssertEqual(signIn.status, 200, signIn.text)
        XCTAssertEqual((signIn.json["staff"] as? [String: Any])?["email"] as? String, "link@example.com")

        // Unlinking: the office shows it, the bot sends nothing more, and both are in the audit log.
        let unlinked = try office("DELETE", "/office/api/me/telegram-link", browser)
        XCTAssertEqual(unlinked.status, 200, unlinked.text)
        XCTAssertEqual((unlinked.json["staff"] as? [String: Any])?["telegram_linked"] as? Bool, false)
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM t_coffee_shop.audit_log WHERE action IN ('staff.telegram_link', 'staff.telegram_unlink')"
            ), 2)
    }

    func test_telegramLink_expiredLinksAndAccountsLinkedToSomeoneElseAreRefusedWithAClearAnswer() throws {
        let telegram = try simulatedTelegram()
        defer { telegram.stop() }
        let (_, first) = try accept(try invite("coffee-shop", role: .owner), email: "first@example.com")
        let (_, second) = try accept(try invite("coffee-shop", role: .analyst), email: "second@example.com")
        let user = Harness.user(id: 777_010, language: "en")
        telegram.simulator.sendStart(
            botID: telegram.bot, user: user,
            payload: try startValue(
                try office("POST", "/office/api/me/telegram-link", try XCTUnwrap(first), body: ["tenant": "coffee-shop"])))
        XCTAssertTrue(try botAnswer(telegram, to: user.id).hasPrefix("Telegram привязан"))

        // The second person's link opened from the account the first one linked: refused, link kept.
        let secondStart = try startValue(
            try office("POST", "/office/api/me/telegram-link", try XCTUnwrap(second), body: ["tenant": "coffee-shop"]))
        telegram.simulator.sendStart(botID: telegram.bot, user: user, payload: secondStart)
        XCTAssertTrue(try botAnswer(telegram, to: user.id).contains("к другой учётной записи"))
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM platform.staff_people WHERE email = 'second@example.com' AND telegram_user_id IS NULL"), 1)

        // An expired link.
        let personID = try h.count("SELECT id FROM platform.staff_people WHERE email = 'second@example.com'")
        let (token, _) = try h.pool.withConnection {
            try StaffLinkStore().createTelegramLink(
                personID: personID, tenantID: h.registry.tenant("coffee-shop")!.id, lifetime: 60,
                now: Date(timeIntervalSinceNow: -120), $0)
        }
        let other = Harness.user(id: 777_011, language: "en")
        telegram.simulator.sendStart(botID: telegram.bot, user: other, payload: "staff_" + token.value)
        XCTAssertTrue(try botAnswer(telegram, to: other.id).hasPrefix("Срок действия ссылки истёк"))
        // The unused one still links another account.
        telegram.simulator.sendStart(botID: telegram.bot, user: other, payload: secondStart)
        XCTAssertTrue(try botAnswer(telegram, to: other.id).hasPrefix("Telegram привязан"))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants"), 0)
        // An ordinary /start still makes a participant.
        telegram.simulator.sendStart(botID: telegram.bot, user: Harness.user(id: 777_012), payload: "poster")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants"), 1)
    }
}
