import Foundation
import Postgres
import Telegram

/// Registers tenants' webhooks with the Bot API: makes sure the tenant has a webhook secret and
/// calls `setWebhook(<public URL>/telegram/<slug>/webhook, secret_token)`. Done when a tenant is
/// created or its bot token changes, and by `tessera dev` for every tenant. The menu button that
/// opens the mini app (`appURL`) is the bot profile's, pushed by Kernel's `BotProfileJob`.
public struct WebhookRegistrar: Sendable {
    /// The update kinds Tessera asks for.
    public static let allowedUpdates = [
        "message", "callback_query", "pre_checkout_query", "my_chat_member", "chat_join_request",
    ]

    public let pool: PostgresPool
    public let masterKey: MasterKey
    public let client: BotAPIClient
    /// Where Telegram reaches this installation (`TESSERA_PUBLIC_URL`), without a trailing slash.
    public let publicBaseURL: String
    let catalog = TenantCatalog()

    public init(pool: PostgresPool, masterKey: MasterKey, client: BotAPIClient, publicBaseURL: String) {
        self.pool = pool
        self.masterKey = masterKey
        self.client = client
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
    }

    public func webhookURL(_ slug: TenantSlug) -> String { "\(publicBaseURL)/telegram/\(slug.rawValue)/webhook" }
    public func appURL(_ slug: TenantSlug) -> String { "\(publicBaseURL)/app/\(slug.rawValue)/" }

    /// Registers the webhook of `slug`; returns the URL Telegram will call.
    @discardableResult
    public func register(_ slug: TenantSlug) throws -> String {
        let (secret, token) = try ensureSecret(slug)
        let bot = TelegramBot(token: token.value, client: client)
        let url = webhookURL(slug)
        try bot.setWebhook(url: url, secretToken: secret.value, allowedUpdates: Self.allowedUpdates, maxConnections: 40)
        return url
    }

    /// Deletes the webhook of a bot the tenant no longer uses (after `tenant apply` with a new
    /// token), so it stops delivering here. Best effort: returns the error instead of throwing —
    /// the old secret is rotated already, so what the old bot still delivers is refused anyway.
    @discardableResult
    public func retire(_ oldToken: BotToken) -> BotAPIError? {
        do throws(BotAPIError) {
            try TelegramBot(token: oldToken.value, client: client).deleteWebhook()
            return nil
        } catch {
            return error
        }
    }

    /// The tenant's webhook secret, generated and stored (with a NOTIFY, so servers learn it)
    /// when the tenant has none yet.
    public func ensureSecret(_ slug: TenantSlug) throws -> (WebhookSecret, BotToken) {
        try pool.transaction { conn in
            let record = try catalog.require(slug, conn, forUpdate: true)
            guard let raw = try? masterKey.open(record.botTokenSealed, context: slug.rawValue),
                let token = BotToken(raw)
            else {
                throw TenancyError.corruptSecret(slug: slug.rawValue)
            }
            if let sealed = record.webhookSecretSealed {
                return (try WebhookSecret.open(sealed, slug: slug, masterKey: masterKey), token)
            }
            let secret = WebhookSecret.generate()
            let sealed = try secret.seal(slug: slug, masterKey: masterKey)
            try conn.execute(
                """
                UPDATE \(ident: TenantCatalog.platformSchema).tenants SET webhook_secret_sealed = \(sealed), updated_at = now()
                WHERE id = \(record.id)
                """)
            try catalog.notifyChanged(slug, conn)
            return (secret, token)
        }
    }
}
