import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// Paid tickets: the invoice payload, how long an unpaid seat is held, and the pre-checkout rules.
public enum TicketRules {
    public static let prefix = "ticket:"
    /// An unpaid registration holds its seat this long after registering.
    static let hold: TimeInterval = 15 * 60
    /// Someone moved up from the waitlist into an unpaid seat gets longer (they may not be looking).
    static let promotedHold: TimeInterval = 24 * 3600
    /// An accepted pre-checkout keeps the seat at least this long, so it is not released under a
    /// payment in flight.
    static let paymentGrace: TimeInterval = 10 * 60

    public static func encode(_ registrationID: Int64) -> String { prefix + String(registrationID) }

    public static func decode(_ payload: String) -> Int64? {
        guard payload.hasPrefix(prefix), let id = Int64(payload.dropFirst(prefix.count)), id > 0 else { return nil }
        return id
    }

    /// A ticket's Stars invoice link (title and description in `locale`, cut to Telegram's 32 and
    /// 255 characters), payload `ticket:<registration id>`.
    static func createInvoiceLink(_ bot: TelegramBot, event: Event, registrationID: Int64, price: Int, locale: String)
        throws(BotAPIError) -> String
    {
        var title = event.title
        if title.count > 32 { title = String(title.prefix(31)) + "…" }
        var description = EventsTexts.ticketFor.text(locale) + " " + event.title + " · " + Formats.dateTime(event.startsAt, locale: locale)
        if description.count > 255 { description = String(description.prefix(254)) + "…" }
        return try bot.createInvoiceLink(
            title: title, description: description, payload: encode(registrationID), prices: [LabeledPrice(label: title, amount: Int64(price))])
    }

    enum Decline {
        static let unknown = "This ticket is no longer available. Please register again."
        static let expired = "Your seat reservation has expired. Please register again."
        static let paid = "This ticket is already paid."
        static let otherBuyer = "This ticket belongs to another account."
        static let price = "The ticket price has changed. Please register again."
    }

    /// The pre-checkout decision for a registration (nil facts: no such registration).
    static func preCheckout(_ facts: TicketFacts?, payer: Int64, currency: String, amount: Int64, now: Date) -> PreCheckoutDecision {
        guard let facts else { return .decline(Decline.unknown) }
        guard facts.participantID == payer else { return .decline(Decline.otherBuyer) }
        switch facts.status {
        case .registered: return .decline(facts.chargeID == nil ? Decline.unknown : Decline.paid)
        case .pendingPayment:
            if let expires = facts.expiresAt, expires < now { return .decline(Decline.expired) }
        case .cancelled, .waitlisted: return .decline(Decline.expired)
        }
        guard currency == "XTR", let price = facts.price, Int64(price) == amount else { return .decline(Decline.price) }
        return .accept
    }
}

/// A registration as payments see it.
struct TicketFacts: Sendable, Equatable {
    var id: Int64
    var eventID: Int64
    var section: String
    var participantID: Int64
    var status: RegistrationStatus
    var price: Int?
    var expiresAt: Date?
    var chargeID: String?
    var refundedAt: Date?
}

extension EventStore {
    /// The registration (locked with `forUpdate`).
    func ticket(_ id: Int64, forUpdate: Bool = false, _ conn: PostgresConnection) throws -> TicketFacts? {
        var sql: SQL = """
            SELECT r.id, r.event_id, e.section, r.participant_id, r.status, r.price_stars, r.expires_at,
                   r.telegram_payment_charge_id, r.refunded_at
            FROM \(fragment: registrations) r JOIN \(ident: schema).events e ON e.id = r.event_id WHERE r.id = \(id)
            """
        if forUpdate { sql = sql + " FOR UPDATE OF r" }
        return try conn.query(sql).first.map { row in
            TicketFacts(
                id: try row.decode(Int64.self, 0), eventID: try row.decode(Int64.self, 1), section: try row.decode(String.self, 2),
                participantID: try row.decode(Int64.self, 3),
                status: RegistrationStatus(rawValue: try row.decode(String.self, 4)) ?? .cancelled,
                price: try row.decode(Int?.self, 5), expiresAt: try row.decode(Date?.self, 6),
                chargeID: try row.decode(String?.self, 7), refundedAt: try row.decode(Date?.self, 8))
        }
    }

    func ticketID(chargeID: String, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT id FROM \(fragment: registrations) WHERE telegram_payment_charge_id = \(chargeID)").first?
            .decode(Int64.self, 0)
    }

    /// Locks the event row of a registration (events before registrations, as everywhere).
    func lockEvent(ofTicket id: Int64, _ conn: PostgresConnection) throws {
        _ = try conn.query(
            """
            SELECT e.id FROM \(ident: schema).events e
            WHERE e.id = (SELECT event_id FROM \(fragment: registrations) WHERE id = \(id)) FOR UPDATE
            """)
    }

    func setInvoiceLink(_ id: Int64, _ link: String, _ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(fragment: registrations) SET invoice_link = \(link) WHERE id = \(id)")
    }

    func invoiceLink(_ id: Int64, _ conn: PostgresConnection) throws -> String? {
        try conn.query("SELECT invoice_link FROM \(fragment: registrations) WHERE id = \(id)").first?.decode(String?.self, 0)
    }

    func holdForPayment(_ id: Int64, until: Date, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(fragment: registrations) SET expires_at = greatest(expires_at, \(until)) WHERE id = \(id)")
    }

    /// Marks the ticket paid; `takeSeat` when its seat had been released (a late payment).
    func markPaid(_ id: Int64, paymentID: Int64, chargeID: String, takeSeat eventID: Int64?, now: Date, _ conn: PostgresConnection)
        throws
    {
        try conn.execute(
            """
            UPDATE \(fragment: registrations) SET status = 'registered', position = NULL, expires_at = NULL, cancelled_at = NULL,
                payment_id = \(paymentID), telegram_payment_charge_id = \(chargeID), paid_at = \(now), updated_at = now()
            WHERE id = \(id)
            """)
        if let eventID {
            try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken + 1 WHERE id = \(eventID)")
        }
    }

    /// A refunded ticket: the registration is cancelled, its seat freed and the waitlist moved up,
    /// as a cancellation does. Idempotent. The caller holds the event's row lock.
    func refundTicket(_ facts: TicketFacts, rules: EventRules, now: Date, _ conn: PostgresConnection) throws -> [Int64] {
        guard facts.refundedAt == nil else { return [] }
        try conn.execute(
            """
            UPDATE \(fragment: registrations) SET status = 'cancelled', position = NULL, refunded_at = \(now),
                cancelled_at = coalesce(cancelled_at, \(now)), updated_at = now()
            WHERE id = \(facts.id)
            """)
        guard facts.status.holdsSeat else { return [] }
        try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken - 1 WHERE id = \(facts.eventID)")
        return try promote(eventID: facts.eventID, rules: rules, conn)
    }
}

/// The events' part in the bot's payments (`PaymentHandling`, payload `ticket:<registration id>`).
/// Every call runs inside the update's transaction.
public struct TicketPayments: PaymentHandling {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws -> PreCheckoutDecision {
        guard let id = TicketRules.decode(query.invoicePayload) else { return .decline(TicketRules.Decline.unknown) }
        let store = EventStore(schema: tenant.schema)
        let now = Date()
        let decision = TicketRules.preCheckout(
            try store.ticket(id, forUpdate: true, conn), payer: participant.id, currency: query.currency,
            amount: query.totalAmount, now: now)
        if decision.ok { try store.holdForPayment(id, until: now.addingTimeInterval(TicketRules.paymentGrace), conn) }
        return decision
    }

    /// Marks the registration `registered`. A payment that cannot be matched (wrong amount, a seat
    /// that is gone after a late payment) is logged and left in `payments` for staff to refund.
    public func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        guard let id = TicketRules.decode(payment.payment.invoicePayload) else { return }
        let store = EventStore(schema: tenant.schema)
        try store.lockEvent(ofTicket: id, conn)
        let charge = payment.payment.telegramPaymentChargeID
        let fields: [(String, LogValue)] = [
            ("tenant", .string(tenant.slug.rawValue)), ("registration", .int(id)), ("charge", .string(charge)),
        ]
        guard let facts = try store.ticket(id, forUpdate: true, conn) else {
            logger.warning("payment for an unknown ticket; refund it", fields)
            return
        }
        if facts.chargeID == charge { return }
        guard payment.payment.currency == "XTR", let price = facts.price, Int64(price) == payment.payment.totalAmount,
            facts.chargeID == nil, facts.refundedAt == nil
        else {
            logger.warning("payment does not match the ticket; refund it", fields)
            return
        }
        switch facts.status {
        case .pendingPayment:
            try store.markPaid(id, paymentID: payment.id, chargeID: charge, takeSeat: nil, now: Date(), conn)
        case .cancelled:
            // Late: the unpaid seat expired. It is taken again while one is free.
            guard let event = try store.find(facts.eventID, conn) else { return }
            let rules = EventRules(event, settings: EventsArea.settings(tenant.blueprint, event.section))
            guard rules.capacity.map({ event.seatsTaken < $0 }) ?? true else {
                logger.warning("late payment for a ticket whose seat is gone; refund it", fields)
                return
            }
            try store.markPaid(id, paymentID: payment.id, chargeID: charge, takeSeat: facts.eventID, now: Date(), conn)
        case .registered, .waitlisted:
            logger.warning("payment for a ticket that is not payable; refund it", fields)
        }
    }

    /// Telegram's `refunded_payment`: the ticket (if this charge paid one) is cancelled as if staff
    /// had refunded it here. Idempotent.
    public func paymentRefunded(_ refund: RefundedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let store = EventStore(schema: tenant.schema)
        guard let id = try store.ticketID(chargeID: refund.telegramPaymentChargeID, conn) else { return }
        try store.lockEvent(ofTicket: id, conn)
        guard let facts = try store.ticket(id, forUpdate: true, conn), let event = try store.find(facts.eventID, conn) else { return }
        // Whoever is moved up gets a seat offer job in this (the update's) transaction.
        _ = try store.refundTicket(
            facts, rules: EventRules(event, settings: EventsArea.settings(tenant.blueprint, event.section)), now: Date(), conn)
    }
}
