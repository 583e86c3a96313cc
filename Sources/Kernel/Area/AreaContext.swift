import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// What every area is built from: the database, the Bot API, the live tenants, the log, and the
/// hook board through which it reaches the other areas.
public struct AreaContext: Sendable {
    public var pool: PostgresPool
    public var botAPI: BotAPIClient
    public var registry: TenantRegistry
    public var logger: Logger
    public var hooks: AreaHooks
    /// The mini-app API's participant cache: an area that changes what it caches (a ban) forgets
    /// the participant here at once; other servers hear of it through `ParticipantStanding.channel`.
    public var participants: ParticipantTracker
    /// NOTIFY channels the areas follow, across every server on the database (`NotificationHub`).
    public var notifications: NotificationHub
    /// The Bot API simulator of `tessera dev`, through which browsers outside Telegram may pay (dev only).
    public var simulatorURL: String?
    /// Where browsers and Telegram reach this installation (`TESSERA_PUBLIC_URL`), if set.
    public var publicURL: String?
    /// Versions of the tenants' live content; an area moves its own after a commit that changed it.
    public var content: ContentVersions

    public init(
        pool: PostgresPool, botAPI: BotAPIClient, registry: TenantRegistry, logger: Logger, hooks: AreaHooks,
        participants: ParticipantTracker, notifications: NotificationHub = NotificationHub(), simulatorURL: String? = nil,
        publicURL: String? = nil, content: ContentVersions = ContentVersions()
    ) {
        self.content = content
        self.notifications = notifications
        self.publicURL = publicURL
        self.pool = pool
        self.botAPI = botAPI
        self.registry = registry
        self.logger = logger
        self.hooks = hooks
        self.participants = participants
        self.simulatorURL = simulatorURL
    }
}
