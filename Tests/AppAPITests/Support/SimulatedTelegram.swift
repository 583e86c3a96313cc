import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog

/// A server (`Harness`) whose Bot API is an in-process Telegram simulator holding the tenant's
/// bot, with that bot's webhook registered: what the shop, ticket and refund tests share.
final class SimulatedTelegram {
    let simulator: TelegramSimulator
    let h: Harness
    let bot: Int64
    let client: BotAPIClient

    init(slug: String, botUsername: String, retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 2, maxRetryAfter: 1),
         registerWebhook: Bool = true, publicURL: String? = nil) throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        do {
            bot = try simulator.addBot(token: Harness.tokens[slug]!, username: botUsername)
            client = BotAPIClient(baseURL: simulator.baseURL, timeout: 5, retryPolicy: retryPolicy)
            h = try Harness(botAPI: client, simulatorURL: simulator.baseURL, publicURL: publicURL)
        } catch {
            simulator.shutdown()
            throw error
        }
        if registerWebhook {
            try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
                .register(try TenantSlug(slug))
        }
    }

    func stop() {
        h.stop()
        simulator.shutdown()
    }
}
