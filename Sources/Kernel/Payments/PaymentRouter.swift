import Postgres
import Telegram
import Tenancy

/// Routes each payment to the area whose invoices carry its payload prefix (`order:` → the
/// shop, `ticket:` → events). A payload no route claims is declined at pre-checkout, and a
/// payment or refund for one is left in `payments` (recorded by the processor) for staff.
public struct PaymentRouter: PaymentHandling {
    public static let unknownInvoice = "This invoice is no longer valid."

    public let routes: [(prefix: String, handler: any PaymentHandling)]

    public init(_ routes: [(prefix: String, handler: any PaymentHandling)]) { self.routes = routes }

    func handler(_ payload: String) -> (any PaymentHandling)? {
        routes.first { payload.hasPrefix($0.prefix) }?.handler
    }

    public func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws -> PreCheckoutDecision {
        guard let handler = handler(query.invoicePayload) else { return .decline(Self.unknownInvoice) }
        return try handler.preCheckout(query, participant: participant, tenant: tenant, conn)
    }

    public func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        try handler(payment.payment.invoicePayload)?.paymentReceived(payment, tenant: tenant, conn)
    }

    public func paymentRefunded(_ refund: RefundedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        if let handler = handler(refund.invoicePayload) {
            try handler.paymentRefunded(refund, tenant: tenant, conn)
        } else {
            // Older updates may lack the payload: every area looks the charge up (each is idempotent).
            for route in routes { try route.handler.paymentRefunded(refund, tenant: tenant, conn) }
        }
    }
}
