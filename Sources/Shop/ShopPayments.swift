import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// The shop's part in the bot's payments (`PaymentHandling`). Every call runs inside the
/// update's transaction, so what it writes commits together with the update being marked
/// processed — exactly once.
///
/// The pre-checkout path is one locked row read and, when accepted, one update: Telegram wants the
/// answer within 10 seconds and nothing slow belongs here.
public struct ShopPayments: PaymentHandling {
    let logger: Logger
    let refundHook: (any OrderRefundHook)?

    public init(logger: Logger, refundHook: (any OrderRefundHook)? = nil) {
        self.logger = logger
        self.refundHook = refundHook
    }

    public func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws -> PreCheckoutDecision {
        guard let orderID = OrderPayload.decode(query.invoicePayload) else {
            return .decline(CheckoutRules.Decline.unknownOrder)
        }
        let store = ShopStore(schema: tenant.schema)
        let now = Date()
        let facts = try store.facts(orderID, forUpdate: true, conn)
        let decision = CheckoutRules.preCheckout(
            facts, payerParticipantID: participant.id, currency: query.currency, totalAmount: query.totalAmount,
            now: now)
        if decision.ok {
            try store.holdForPayment(orderID, until: now.addingTimeInterval(CheckoutRules.paymentGrace), conn)
        }
        return decision
    }

    /// Marks the order paid and records the purchases. A payment that cannot be matched to an
    /// order it can pay (wrong amount, already paid, stock gone after a late payment) is logged
    /// and left in `payments` for staff to refund; throwing would only make the update's job retry.
    public func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        guard let orderID = OrderPayload.decode(payment.payment.invoicePayload) else { return }
        let store = ShopStore(schema: tenant.schema)
        let facts = try store.facts(orderID, forUpdate: true, conn)
        let fields: [(String, LogValue)] = [
            ("tenant", .string(tenant.slug.rawValue)), ("order", .int(orderID)),
            ("charge", .string(payment.payment.telegramPaymentChargeID)),
        ]
        switch CheckoutRules.payment(
            facts, currency: payment.payment.currency, totalAmount: payment.payment.totalAmount)
        {
        case .unmatched(let reason):
            logger.warning("payment does not match an order; refund it", fields + [("reason", .string(reason))])
        case .markPaid(let reserveStock):
            if reserveStock, try !store.reserveAgain(orderID: orderID, conn) {
                logger.warning("late payment for an order whose stock is gone; refund it", fields)
                return
            }
            try store.markPaid(
                orderID, paymentID: payment.id, chargeID: payment.payment.telegramPaymentChargeID, now: Date(), conn)
        }
    }

    /// Telegram's `refunded_payment`: the order (if this charge paid one) becomes refunded, as if
    /// staff had refunded it here. Idempotent.
    public func paymentRefunded(_ refund: RefundedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let store = ShopStore(tenant: tenant, refundHook: refundHook)
        guard let orderID = try store.orderID(chargeID: refund.telegramPaymentChargeID, conn) else { return }
        try store.refund(orderID, now: Date(), conn)
    }
}
