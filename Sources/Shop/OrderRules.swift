import Foundation
import Kernel
import Tenancy

/// An amount of Telegram Stars (currency `XTR`): whole Stars, never fractions.
public struct Stars: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let amount: Int64

    public init(_ amount: Int64) { self.amount = amount }

    public static func < (lhs: Stars, rhs: Stars) -> Bool { lhs.amount < rhs.amount }
    public static func + (lhs: Stars, rhs: Stars) -> Stars { Stars(lhs.amount + rhs.amount) }
    public static func * (lhs: Stars, quantity: Int) -> Stars { Stars(lhs.amount * Int64(quantity)) }
    public static let zero = Stars(0)
    /// The only currency Tessera sells in.
    public static let currency = "XTR"

    public var description: String { "\(amount) XTR" }
}

/// Where an order is in its life.
public enum OrderStatus: String, Sendable, CaseIterable {
    case pending, paid, refunded, cancelled, expired
}

/// What can happen to an order.
public enum OrderEvent: Sendable, Equatable {
    /// Telegram confirmed the payment (`successful_payment`).
    case pay
    /// The payment was refunded.
    case refund
    /// The buyer gave up before paying.
    case cancel
    /// The order stayed unpaid past its expiry.
    case expire
}

extension OrderStatus {
    /// The status after `event`, or nil when the event does not apply in this status.
    ///
    /// pending → paid → refunded; pending → cancelled | expired. A payment that arrives after the
    /// order expired or was cancelled still pays it (the money has moved; Telegram offers only a
    /// refund to undo that) — the store re-reserves the stock first and refuses when it is gone.
    public func after(_ event: OrderEvent) -> OrderStatus? {
        switch (self, event) {
        case (.pending, .pay), (.expired, .pay), (.cancelled, .pay): .paid
        case (.paid, .refund): .refunded
        case (.pending, .cancel): .cancelled
        case (.pending, .expire): .expired
        default: nil
        }
    }

    /// Whether the order's items are taken out of stock in this status.
    public var holdsStock: Bool { self == .pending || self == .paid }
}

/// The invoice payload: `order:<id>` (1–128 bytes, as Telegram requires).
public enum OrderPayload {
    static let prefix = "order:"

    public static func encode(_ orderID: Int64) -> String { prefix + String(orderID) }

    public static func decode(_ payload: String) -> Int64? {
        guard payload.hasPrefix(prefix), let id = Int64(payload.dropFirst(prefix.count)), id > 0 else { return nil }
        return id
    }
}

/// The facts about an order that payment decisions need.
public struct OrderFacts: Sendable, Equatable {
    public var id: Int64
    public var participantID: Int64
    public var status: OrderStatus
    public var total: Stars
    public var currency: String
    public var expiresAt: Date

    public init(id: Int64, participantID: Int64, status: OrderStatus, total: Stars, currency: String, expiresAt: Date) {
        self.id = id
        self.participantID = participantID
        self.status = status
        self.total = total
        self.currency = currency
        self.expiresAt = expiresAt
    }
}

/// Decisions of the checkout, as pure functions: what to answer a `pre_checkout_query` and what to
/// do with a `successful_payment`.
public enum CheckoutRules {
    /// User-facing reasons a checkout is declined (Telegram shows them in the payment sheet).
    public enum Decline {
        public static let unknownOrder = "This order no longer exists. Please check out again."
        public static let alreadyPaid = "This order is already paid."
        public static let expired = "This order has expired. Please check out again."
        public static let priceChanged = "The price has changed. Please check out again."
        public static let otherBuyer = "This order belongs to another account."
    }

    /// How long a pre-approved checkout keeps its order from expiring: the payment normally follows
    /// within seconds, and stock must not be released under a payment in flight.
    public static let paymentGrace: TimeInterval = 10 * 60

    /// The answer to a `pre_checkout_query` for `order` (nil: no such order in this shop).
    public static func preCheckout(
        _ order: OrderFacts?, payerParticipantID: Int64, currency: String, totalAmount: Int64, now: Date
    ) -> PreCheckoutDecision {
        guard let order else { return .decline(Decline.unknownOrder) }
        switch order.status {
        case .paid, .refunded: return .decline(Decline.alreadyPaid)
        case .cancelled, .expired: return .decline(Decline.expired)
        case .pending: break
        }
        guard order.expiresAt > now else { return .decline(Decline.expired) }
        guard order.participantID == payerParticipantID else { return .decline(Decline.otherBuyer) }
        guard currency == Stars.currency, order.currency == Stars.currency, totalAmount == order.total.amount else {
            return .decline(Decline.priceChanged)
        }
        return .accept
    }

    /// What a confirmed payment does to its order.
    public enum PaymentAction: Sendable, Equatable {
        /// Mark the order paid and record the purchases (re-reserving stock first if the order had
        /// released it).
        case markPaid(reserveStock: Bool)
        /// Money arrived that does not match an order it could pay; it stays recorded in
        /// `payments` for staff to refund.
        case unmatched(String)
    }

    public static func payment(_ order: OrderFacts?, currency: String, totalAmount: Int64) -> PaymentAction {
        guard let order else { return .unmatched("no such order") }
        guard currency == Stars.currency, totalAmount == order.total.amount else {
            return .unmatched("amount \(totalAmount) \(currency) does not match the order's \(order.total)")
        }
        guard let next = order.status.after(.pay), next == .paid else {
            return .unmatched("the order is already \(order.status.rawValue)")
        }
        return .markPaid(reserveStock: !order.status.holdsStock)
    }
}
