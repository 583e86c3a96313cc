import Postgres
import Telegram
import Tenancy

/// The answer to a `pre_checkout_query`.
public struct PreCheckoutDecision: Sendable, Equatable {
    public var ok: Bool
    /// Shown to the user when `ok` is false.
    public var errorMessage: String?

    public static let accept = PreCheckoutDecision(ok: true, errorMessage: nil)
    public static func decline(_ message: String) -> PreCheckoutDecision {
        PreCheckoutDecision(ok: false, errorMessage: message)
    }
}

/// A payment as stored in the tenant's `payments` table.
public struct RecordedPayment: Sendable, Equatable {
    public var id: Int64
    public var participantID: Int64
    public var telegramUserID: Int64
    public var payment: SuccessfulPayment
}

/// The seam through which the shop takes part in payments. Both calls run inside the update's
/// transaction (on `conn`), so what they write commits together with the update being marked
/// processed, exactly once.
public protocol PaymentHandling: Sendable {
    /// Decides a checkout (stock, price, order state); the processor sends the answer.
    func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    )
        throws -> PreCheckoutDecision

    /// Called for a payment recorded in `payments` (committed beforehand, on its own) that no
    /// call has handled yet: a failure rolls back only what this call wrote, and the call is made
    /// again on the next attempt; once it succeeds, `payments.handled_at` is set in the same
    /// transaction, so a repeated `successful_payment` with the same charge id does not call it again.
    func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws

    /// Called for every `refunded_payment`, before `payments.refunded_at` is set in the same
    /// transaction, so a refund made anywhere (the admin API, another tool) converges on the same
    /// state. Must be idempotent. Lock the area's rows (order, event) before `payments`, as the
    /// staff refunds do.
    func paymentRefunded(_ refund: RefundedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws
}

extension PaymentHandling {
    public func paymentRefunded(_ refund: RefundedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {}
}

/// What a tenant without a shop does: declines every checkout. Payments that arrive anyway
/// are still recorded by the processor.
public struct ShopUnavailable: PaymentHandling {
    public static let message = "shop is not available"

    public init() {}

    public func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    )
        throws -> PreCheckoutDecision
    {
        .decline(Self.message)
    }

    public func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {}
}
