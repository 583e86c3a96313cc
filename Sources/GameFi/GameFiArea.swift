import Foundation
import Kernel
import Postgres
import Tenancy
import TesseraLog

/// GameFi: the points ledger, quests, the tap game and referrals — for end users and staff.
public struct GameFiArea: Area {
    public let service: GameFiService
    let pool: PostgresPool
    let logger: Logger

    /// `membership` answers subscribe_channel quests; by default the tenant's bot asks Telegram
    /// (getChatMember).
    public init(_ context: AreaContext, membership: (any ChannelMembershipChecker)? = nil) {
        pool = context.pool
        logger = context.logger
        service = GameFiService(
            pool: context.pool, membership: membership ?? BotAPIMembershipChecker(client: context.botAPI, registry: context.registry))
    }

    public var name: String { "gamefi" }
    public var endpoints: [Endpoint] { participantEndpoints + staffEndpoints }
    public var orderRefundHook: (any OrderRefundHook)? { QuestPointsOnRefund(logger: logger) }
}
