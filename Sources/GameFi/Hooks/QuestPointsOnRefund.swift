import Foundation
import Kernel
import Postgres
import Tenancy
import TesseraLog

/// The shop's refund hook, fulfilled by GameFi: a refund that takes the buyer below a "reach N
/// purchases" quest's target takes its reward back, in the refund's transaction.
struct QuestPointsOnRefund: OrderRefundHook {
    let logger: Logger

    func orderRefunded(_ orderID: Int64, participantID: Int64, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        guard let settings = GameFiArea.settings(tenant) else { return }
        for reversal in try PurchaseQuestReversal(schema: tenant.schema).reverse(
            settings: settings, participant: participantID, at: Date(), conn)
        {
            logger.info(
                "quest reward reversed after a refund",
                [
                    ("tenant", .string(tenant.slug.rawValue)), ("order", .int(orderID)),
                    ("participant", .int(participantID)),
                    ("quest", .string(reversal.quest)), ("reversed", .int(reversal.reversed)),
                    ("shortfall", .int(reversal.shortfall)),
                ])
        }
    }
}
