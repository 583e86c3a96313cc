import Postgres
import Tenancy

/// What another area does when an order is refunded, inside the refund's transaction: GameFi
/// takes back "reach N purchases" rewards the buyer no longer earns. The composition root wires
/// it in (`ContentAreas`), so the shop knows no other area.
public protocol OrderRefundHook: Sendable {
    /// Order `orderID` of `participantID` has just become refunded: called once per refund that
    /// changed the order, in its transaction (a throw rolls the refund back).
    func orderRefunded(_ orderID: Int64, participantID: Int64, tenant: LiveTenant, _ conn: PostgresConnection) throws
}
