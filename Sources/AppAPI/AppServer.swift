import Analytics
import Blueprint
import Foundation
import GameFi
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraCrypto
import TesseraLog

/// Everything the routes need, built once by the executable.
public struct AppContext: Sendable {
    public var registry: TenantRegistry
    public var pool: PostgresPool
    public var authenticator: TMAAuthenticator
    public var participants: ParticipantTracker
    public var web: StaticFiles
    /// The back-office front end (`/office/`).
    public var office: StaticFiles
    /// Group commit of navigation events; the owner starts and stops it.
    public var navigation: NavigationIngestor
    /// Webhook updates: durable intake and processing.
    public var updates: UpdateProcessor
    /// The durable job runner: retries of webhook updates and the areas' jobs; `start` it in servers.
    public let jobs: JobRunner
    /// Webhook updates as `bot.update` jobs.
    public let updateJobs: UpdateJobs
    public var logger: Logger
    /// The business areas (`AreaRegistry`), and the board through which they reach each other.
    public let areas: [any Area]
    public let hooks: AreaHooks
    /// The areas' LISTEN channels; `tessera serve` starts it on the listen connection.
    public let notifications: NotificationHub
    public var staffAuthenticator: any StaffAuthenticating
    /// Screens' static parts (per blueprint version) for sections that splice in live data.
    let staticScreens = StaticScreenCache()
    /// Versions of the tenants' live content, followed through `notifications`: live screens are
    /// cached under them.
    public let content: ContentVersions

    /// `membership` answers subscribe_channel quests; by default the tenant's bot asks Telegram
    /// (getChatMember through `botAPI`).
    public init(
        registry: TenantRegistry, pool: PostgresPool, initDataMaxAge: TimeInterval, logger: Logger,
        botAPI: BotAPIClient = BotAPIClient(), payments: (any PaymentHandling)? = nil,
        updateSettings: UpdateJobs.Settings = UpdateJobs.Settings(), jobSettings: JobRunner.Settings = JobRunner.Settings(),
        simulatorURL: String? = nil, publicURL: String? = nil,
        membership: (any ChannelMembershipChecker)? = nil, passwords: Scrypt.Parameters = .owasp
    ) throws {
        let hooks = AreaHooks()
        let participants = ParticipantTracker(pool: pool)
        let notifications = NotificationHub()
        let content = ContentVersions()
        content.follow(notifications)
        self.content = content
        let areaContext = AreaContext(
            pool: pool, botAPI: botAPI, registry: registry, logger: logger, hooks: hooks, participants: participants,
            notifications: notifications, simulatorURL: simulatorURL, publicURL: publicURL, content: content)
        areas = AreaRegistry.areas(areaContext, membership: membership, passwords: passwords)
        hooks.install(areas)
        self.hooks = hooks
        self.notifications = notifications
        let authenticators = areas.compactMap(\.staffAuthenticator)
        precondition(authenticators.count == 1, "exactly one area (Staff) authenticates staff calls")
        staffAuthenticator = authenticators[0]
        self.registry = registry
        self.pool = pool
        authenticator = TMAAuthenticator(maxAge: initDataMaxAge)
        self.participants = participants
        web = try StaticFiles.miniApp()
        office = try StaticFiles.bundled("Office")
        navigation = NavigationIngestor(pool: pool, logger: logger)
        // The areas that issue invoices take part in payments unless a caller (a test) brings its own.
        updates = UpdateProcessor(
            pool: pool, client: botAPI, payments: payments ?? hooks.payments, logger: logger, jobSettings: updateSettings,
            messages: hooks, starts: hooks)
        jobs = JobRunner(pool: pool, settings: jobSettings, logger: logger) { registry.all.map(\.schema) }
        updateJobs = UpdateJobs(processor: updates, registry: registry, settings: updateSettings)
        updateJobs.register(on: jobs)
        BotProfileJob(pool: pool, client: botAPI, registry: registry).register(on: jobs)
        WelcomeJob(pool: pool, client: botAPI, registry: registry, publicURL: publicURL).register(on: jobs)
        for area in areas { area.registerJobs(on: jobs) }
        self.logger = logger
    }

    /// The registered area of type `A`.
    public func area<A: Area>(_ type: A.Type) -> A? { areas.lazy.compactMap { $0 as? A }.first }

    /// The area that fills screens of `section` with live data, if any.
    func liveArea(for section: Section) -> (any Area)? { areas.first { $0.liveSectionTypes.contains(section.type) } }

    /// Starts and stops the areas' background threads (`tessera serve`).
    public func startAreas() { for area in areas { area.start() } }
    public func stopAreas() { for area in areas { area.stop() } }
}

/// Builds the server's router: health, the end-user API, the areas' end-user and admin APIs,
/// the Telegram webhook and the mini-app front end.
public enum AppServer {
    public static func makeRouter(_ context: AppContext) -> Router {
        var router = Router()
        HealthRoutes.register(&router, context)
        EndUserRoutes.register(&router, context)
        NavigationEventRoutes.register(&router, context)
        AreaRoutes.register(&router, context)
        WebRoutes.register(&router, context)
        MediaRoutes.register(&router, context)
        OfficeRoutes.register(&router, context)
        TelegramWebhookRoutes.register(&router, context)
        return router
    }
}
