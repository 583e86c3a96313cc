import Analytics
import Foundation
import GameFi
import HTTP
import Postgres
import Tenancy
import TesseraLog

/// Everything the routes need, built once by the executable.
public struct AppContext: Sendable {
    public var registry: TenantRegistry
    public var pool: PostgresPool
    public var authenticator: TMAAuthenticator
    public var participants: ParticipantTracker
    public var web: StaticFiles
    /// Write-behind buffer of navigation events; the owner starts and stops it.
    public var navigation: NavigationIngestor
    /// Points, quests, the tap game and leaderboards.
    public var gamefi: GameFiService
    public var logger: Logger

    /// `membership` answers subscribe_channel quests (the Bot API client's getChatMember).
    public init(
        registry: TenantRegistry, pool: PostgresPool, initDataMaxAge: TimeInterval, logger: Logger,
        membership: any ChannelMembershipChecker = UnconfiguredMembershipChecker()
    ) throws {
        self.registry = registry
        self.pool = pool
        authenticator = TMAAuthenticator(maxAge: initDataMaxAge)
        participants = ParticipantTracker(pool: pool)
        web = try StaticFiles.bundled()
        navigation = NavigationIngestor(pool: pool, logger: logger)
        gamefi = GameFiService(pool: pool, membership: membership)
        self.logger = logger
    }
}

/// Builds the server's router: health, the end-user API and the mini-app front end.
public enum AppServer {
    public static func makeRouter(_ context: AppContext) -> Router {
        var router = Router()
        HealthRoutes.register(&router, context)
        EndUserRoutes.register(&router, context)
        NavigationEventRoutes.register(&router, context)
        GameFiRoutes.register(&router, context)
        RatingsRoutes.register(&router, context)
        WebRoutes.register(&router, context)
        return router
    }
}
