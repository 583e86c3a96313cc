import Foundation
import Postgres
import Telegram
import TelegramSimulator
import TesseraCrypto
import TesseraLog
import TesseraTestSupport
import XCTest

/// `tessera staff reset-link` for a person who linked their Telegram account: the built binary
/// queues the bot's message, `tessera serve`'s job runner has the tenant's bot (the simulator)
/// send it, and the link in it sets a password. (Extends `StaffCommandTests` for its `accept`.)
extension StaffCommandTests {
    static let resetBotToken = "3000003:CLItokenRESETRESETRESETRESET00001"

    func test_resetLink_isSentByTheBotToALinkedPerson_andStillPrintedUnlessNoPrint() throws {
        let simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        defer { simulator.shutdown() }
        let botID = try simulator.addBot(token: Self.resetBotToken)
        let cli = CLIRunner(environment: [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "clireset"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": Self.resetBotToken,
            "TELEGRAM_API_URL": simulator.baseURL,
            "TESSERA_PUBLIC_URL": "https://office.example.com",
        ])
        XCTAssertEqual(try cli.run(["tenant", "create", "tenants/coffee-shop.json"]).status, 0)
        for email in ["linked@example.com", "plain@example.com"] {
            try accept(cli, email: email, role: "manager")
        }
        let db = try PostgresConnection(url: cli.environment["DATABASE_URL"]!)
        try db.execute("UPDATE platform.staff_people SET telegram_user_id = 880001 WHERE email = 'linked@example.com'")
        // The person has a chat with the bot (linking went through it); no update is posted.
        simulator.setBlocked(botID: botID, user: TelegramUser(id: 880001, firstName: "Lin"), blocked: false, notify: false)

        // Not linked: --no-print has nothing to send and makes nothing.
        let refused = try cli.run(["staff", "reset-link", "plain@example.com", "--no-print"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("--no-print: the bot cannot send plain@example.com"), refused.stderr)
        let plain = try cli.run(["staff", "reset-link", "plain@example.com", "--json"])
        XCTAssertEqual((plain.json as? [String: Any])?["sent_by_bot"] as? Bool, false, plain.stdout)
        XCTAssertEqual(try db.query("SELECT count(*) FROM platform.staff_links").first!.decode(Int64.self, 0), 1)

        // Linked: printed and queued for the bot.
        let reply = try cli.run(["staff", "reset-link", "linked@example.com", "--json"])
        XCTAssertEqual(reply.status, 0, reply.stderr)
        let json = try XCTUnwrap(reply.json as? [String: Any])
        XCTAssertEqual(json["sent_by_bot"] as? Bool, true)
        XCTAssertEqual(json["bot_tenant"] as? String, "coffee-shop")
        let printed = try XCTUnwrap(json["link"] as? String)
        XCTAssertTrue(printed.hasPrefix("https://office.example.com/office/reset/"), printed)
        let payload = try db.query(
            "SELECT payload::text FROM t_coffee_shop.jobs WHERE kind = 'staff.password_reset'"
        ).first!.decode(String.self, 0)
        XCTAssertFalse(payload.contains(String(printed.split(separator: "/").last!)), payload)
        let human = try cli.run(["staff", "reset-link", "linked@example.com"])
        XCTAssertTrue(human.stdout.contains("coffee-shop's bot sends linked@example.com their own reset link"), human.stdout)

        let server = try ServeProcess(cli)
        defer { server.kill() }
        // The job runner works in the background: wait for the message (the deadline only bounds a hang).
        let deadline = Date(timeIntervalSinceNow: 60)
        var sent = simulator.sentMessages(botID: botID, chatID: 880001)
        while sent.isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            sent = simulator.sentMessages(botID: botID, chatID: 880001)
        }
        let message = try XCTUnwrap(sent.first, "the bot sent nothing")
        let text = message["text"]?.stringValue ?? ""
        XCTAssertTrue(text.hasPrefix("Новый пароль для бэк-офиса"), text)
        let url = message["reply_markup"]?["inline_keyboard"]?[0]?[0]?["url"]?.stringValue ?? ""
        XCTAssertTrue(url.hasPrefix("https://office.example.com/office/reset/"), url)
        XCTAssertNotEqual(url, printed, "the bot's link is its own")
        let token = String(url.split(separator: "/").last!)
        let reset = try ServeProcess.request(
            server.baseURL + "/office/api/password-resets/\(token)", body: #"{"password":"a brand new passphrase"}"#)
        XCTAssertEqual(reset.status, 200, String(decoding: reset.body, as: UTF8.self))
    }
}
