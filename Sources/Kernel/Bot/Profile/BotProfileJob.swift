import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// Pushes a tenant's live blueprint `bot` to Telegram (`bot.profile`): menu button, commands,
/// description and short description per language (`BotProfile`). Enqueued when a tenant is
/// created, a blueprint applied or rolled back, a webhook registered, and by `tessera dev` at start.
///
/// Only calls whose parameters changed since the last push are made (hashes in `bot_profile`),
/// each recorded as soon as Telegram accepts it, so a 429 reschedules the job after Telegram's
/// `retry_after` and the next attempt goes on where this one stopped.
public struct BotProfileJob: Sendable {
    public static let kind: JobKind = "bot.profile"

    public let pool: PostgresPool
    public let client: BotAPIClient
    public let registry: TenantRegistry

    public init(pool: PostgresPool, client: BotAPIClient, registry: TenantRegistry) {
        self.pool = pool
        self.client = client
        self.registry = registry
    }

    /// Enqueues a push of blueprint `version` of the tenant in `schema`. `appURL`: the mini app's
    /// address for the menu button (`<TESSERA_PUBLIC_URL>/app/<slug>/`); nil leaves the menu
    /// button as it is.
    @discardableResult
    public static func enqueue(version: Int64, appURL: String?, schema: Identifier, _ conn: PostgresConnection) throws
        -> Int64
    {
        var payload: JSONObject = ["version": .int(version)]
        if let appURL { payload["app_url"] = .string(appURL) }
        return try JobQueue(schema: schema).enqueue(kind, payload: .object(payload), maxAttempts: 10, on: conn).id
    }

    public func register(on runner: JobRunner) {
        runner.register(Self.kind) { job in try run(job) }
    }

    func run(_ job: Job) throws -> JobOutcome {
        guard let version = job.payload["version"]?.integerValue else { return .fail(reason: "payload lacks version") }
        guard let tenant = registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        if tenant.version != version {
            let live = try pool.withConnection { try TenantCatalog().find(tenant.slug, $0)?.liveVersion }
            // A later apply or rollback has its own job; this one has nothing left to push.
            guard live == version else { return .done }
            return .retry(after: 2, reason: "this server has not loaded blueprint version \(version) yet")
        }
        let profile = BotProfile(tenant.blueprint, appURL: job.payload["app_url"]?.stringValue)
        let botID = tenant.botToken.botID
        let store = BotProfileStore(schema: tenant.schema)
        let pending = profile.pending(pushed: try pool.withConnection { try store.pushed(botID: botID, $0) })
        let bot = TelegramBot(token: tenant.botToken.value, client: client)
        for call in pending {
            let what = call.languageCode.isEmpty ? call.method : "\(call.method)(\(call.languageCode))"
            do throws(BotAPIError) {
                _ = try bot.call(call.method, call.parameters)
            } catch .tooManyRequests(let seconds) {
                return .retry(after: Double(max(1, seconds)), reason: "\(what): Telegram asked to wait \(seconds) s")
            } catch .network(let why) {
                return .retry(after: 5, reason: "\(what): Telegram unreachable: \(why)")
            } catch .other(let code, let description) where code >= 500 {
                return .retry(after: 5, reason: "\(what): Bot API \(code): \(description)")
            } catch {
                return .fail(reason: "\(what): Telegram refused it: \(error)")
            }
            try pool.withConnection { try store.record(call, botID: botID, $0) }
        }
        return .done
    }
}
