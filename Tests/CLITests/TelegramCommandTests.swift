import Foundation
import TelegramSimulator
import TesseraLog
import TesseraTestSupport
import XCTest

/// `tenant create` / `tenant webhook` register the webhook through the Bot API named by
/// TELEGRAM_API_URL (here the simulator) at TESSERA_PUBLIC_URL.
final class TelegramCommandTests: XCTestCase {
    static let token = "3000002:CLItokenWEBHOOKWEBHOOKWEBHOOK0001"

    func test_tenantCreate_registersTheWebhookWhenAPublicURLIsSet() throws {
        let simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        defer { simulator.shutdown() }
        let botID = try simulator.addBot(token: Self.token)
        let cli = CLIRunner(environment: [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "cli"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": Self.token,
            "TELEGRAM_API_URL": simulator.baseURL,
            "TESSERA_PUBLIC_URL": "https://tessera.example.com",
        ])
        let created = try cli.run(["tenant", "create", "tenants/coffee-shop.json", "--json"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let webhook = (created.json as? [String: Any])?["webhook"] as? [String: Any]
        XCTAssertEqual(webhook?["registered"] as? Bool, true)
        XCTAssertEqual(simulator.webhook(botID: botID)?.url, "https://tessera.example.com/telegram/coffee-shop/webhook")
        XCTAssertEqual(simulator.webhook(botID: botID)?.secretToken?.count, 43)
        XCTAssertFalse(created.stdout.contains("CLItoken") || created.stderr.contains("CLItoken"), "token printed")

        simulator.injectFault(botID: botID, method: "setWebhook", errorCode: 401, description: "Unauthorized")
        let failed = try cli.run(["tenant", "webhook", "coffee-shop"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.contains("401"), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("CLItoken"), "token printed")
        let again = try cli.run(["tenant", "webhook", "coffee-shop"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("webhook registered"), again.stdout)
    }

    /// `tenant apply` with a new token: the old bot's webhook is deleted before the new bot is
    /// registered, with a new secret.
    func test_tenantApply_withANewToken_retiresTheOldBotsWebhookAndRotatesTheSecret() throws {
        let simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        defer { simulator.shutdown() }
        let oldBot = try simulator.addBot(token: Self.token)
        let newToken = "3000003:CLItokenNEWBOTNEWBOTNEWBOTNEW0002"
        let newBot = try simulator.addBot(token: newToken)
        var environment = [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "cli"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": Self.token,
            "TELEGRAM_API_URL": simulator.baseURL,
            "TESSERA_PUBLIC_URL": "https://tessera.example.com",
        ]
        let created = try CLIRunner(environment: environment).run(["tenant", "create", "tenants/coffee-shop.json"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let oldSecret = try XCTUnwrap(simulator.webhook(botID: oldBot)?.secretToken)
        environment["TESSERA_BOT_TOKEN_COFFEE_SHOP"] = newToken
        let applied = try CLIRunner(environment: environment).run(["tenant", "apply", "tenants/coffee-shop.json"])
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertNil(simulator.webhook(botID: oldBot), "the old bot's webhook is deleted")
        XCTAssertEqual(simulator.calls(botID: oldBot).last?.method.lowercased(), "deletewebhook")
        let newSecret = try XCTUnwrap(simulator.webhook(botID: newBot)?.secretToken)
        XCTAssertNotEqual(newSecret, oldSecret)
    }
}
