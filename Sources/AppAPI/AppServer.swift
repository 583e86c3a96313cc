import Analytics
import Foundation
import GameFi
import HTTP
import Postgres
import Sections
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
    /// Group commit of navigation events; the owner starts and stops it.
    public var navigation: NavigationIngestor
    /// Webhook updates: durable intake and processing.
    public var updates: UpdateProcessor
    /// Retries updates whose processing failed or was interrupted; `start()` it in servers.
    public var sweeper: UpdateSweeper
    /// Points, quests, the tap game and leaderboards.
    public var gamefi: GameFiService
    public var logger: Logger
    /// News, events and the other areas with live content.
    public var content: ContentAreas
    public var staffAuthenticator: StaffAuthenticator
    /// Screens' static parts (per blueprint version) for sections that splice in live data.
    let staticScreens = StaticScreenCache()

    /// `membership` answers subscribe_channel quests; by default the tenant's bot asks Telegram
    /// (getChatMember through `botAPI`).
    public init(
        registry: TenantRegistry, pool: PostgresPool, initDataMaxAge: TimeInterval, logger: Logger,
        botAPI: BotAPIClient = BotAPIClient(), payments: (any PaymentHandling)? = nil,
        sweeperSettings: UpdateSweeper.Settings = UpdateSweeper.Settings(), simulatorURL: String? = nil,
        membership: (any ChannelMembershipChecker)? = nil
    ) throws {
        // The shop (order:) and paid tickets (ticket:) take part in payments unless a caller (a test) brings its own.
        content = ContentAreas(
            pool: pool, botAPI: botAPI, logger: logger, simulatorURL: simulatorURL, orderRefunds: QuestPointsOnRefund(logger: logger))
        self.registry = registry
        self.pool = pool
        authenticator = TMAAuthenticator(maxAge: initDataMaxAge)
        participants = ParticipantTracker(pool: pool)
        web = try StaticFiles.bundled()
        navigation = NavigationIngestor(pool: pool, logger: logger)
        updates = UpdateProcessor(pool: pool, client: botAPI, payments: payments ?? content.payments, logger: logger)
        sweeper = UpdateSweeper(processor: updates, registry: registry, settings: sweeperSettings, logger: logger)
        gamefi = GameFiService(pool: pool, membership: membership ?? BotAPIMembershipChecker(client: botAPI, registry: registry))
        self.logger = logger
        staffAuthenticator = StaffAuthenticator(pool: pool, registry: registry)
    }
}

/// Builds the server's router: health, the end-user API, the areas' end-user and admin APIs,
/// the Telegram webhook and the mini-app front end.
public enum AppServer {
    public static func makeRouter(_ context: AppContext) -> Router {
        var router = Router()
        HealthRoutes.register(&router, context)
        EndUserRoutes.register(&router, context)
        NavigationEventRoutes.register(&router, context)
        SectionRoutes.register(&router, context)
        GameFiRoutes.register(&router, context)
        AdminGameFiRoutes.register(&router, context)
        RatingsRoutes.register(&router, context)
        WebRoutes.register(&router, context)
        TelegramWebhookRoutes.register(&router, context)
        return router
    }
}
