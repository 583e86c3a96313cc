import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// People: the tenant's participants (search, filters, profiles, timelines, tags, notes, export),
/// what they chose to share (contacts), and the ban list.
public struct PeopleArea: Area {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let registry: TenantRegistry
    let logger: Logger
    let hooks: AreaHooks
    let participants: ParticipantTracker

    public init(_ context: AreaContext) {
        pool = context.pool
        botAPI = context.botAPI
        registry = context.registry
        logger = context.logger
        hooks = context.hooks
        participants = context.participants
    }

    public var name: String { "people" }
    public var endpoints: [Endpoint] { participantEndpoints + banEndpoints + contactEndpoints + contactListEndpoints }
}
