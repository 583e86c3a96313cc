import Foundation
import HTTP
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Everything the routes need, built once by the executable.
public struct AppContext: Sendable {
    public var registry: TenantRegistry
    public var pool: PostgresPool
    public var authenticator: TMAAuthenticator
    public var participants: ParticipantTracker
    public var web: StaticFiles
    /// Webhook updates: durable intake and processing.
    public var updates: UpdateProcessor
    /// Retries updates whose processing failed or was interrupted; `start()` it in servers.
    public var sweeper: UpdateSweeper
    public var logger: Logger

    public init(
        registry: TenantRegistry, pool: PostgresPool, initDataMaxAge: TimeInterval, logger: Logger,
        botAPI: BotAPIClient = BotAPIClient(), payments: any PaymentHandling = ShopUnavailable(),
        sweeperSettings: UpdateSweeper.Settings = UpdateSweeper.Settings()
    ) throws {
        self.registry = registry
        self.pool = pool
        authenticator = TMAAuthenticator(maxAge: initDataMaxAge)
        participants = ParticipantTracker(pool: pool)
        web = try StaticFiles.bundled()
        updates = UpdateProcessor(pool: pool, client: botAPI, payments: payments, logger: logger)
        sweeper = UpdateSweeper(processor: updates, registry: registry, settings: sweeperSettings, logger: logger)
        self.logger = logger
    }
}

/// Builds the server's router: health, the end-user API, the mini-app front end and the
/// Telegram webhook.
public enum AppServer {
    public static func makeRouter(_ context: AppContext) -> Router {
        var router = Router()
        HealthRoutes.register(&router, context)
        EndUserRoutes.register(&router, context)
        WebRoutes.register(&router, context)
        TelegramWebhookRoutes.register(&router, context)
        return router
    }
}
