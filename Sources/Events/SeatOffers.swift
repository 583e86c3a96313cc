import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Tells people moved up from a waitlist that they have a seat: a bot message in their language,
/// for a paid event with a button opening a fresh Stars invoice for the held seat.
///
/// `EventStore.promote` writes a `seat_offers` row and its `events.seat_offer` job in the
/// transaction that moves someone up, so an offer exists exactly when a promotion committed
/// (unique per promotion, and a redelivered update that promotes nobody writes none). The job
/// runner sends it afterwards on its own threads — never on the thread of the request that freed
/// the seat — on any server. A sender takes an offer by moving its `next_attempt_at` a lease ahead
/// (`FOR UPDATE SKIP LOCKED`), so no two send one offer at the same time; the offer is marked
/// `sent` after Telegram accepted the message. A crash between the two can send it twice
/// (Telegram's `sendMessage` has no idempotency key): at least once, never lost.
///
/// Failures: a 429 is waited out in place by the client's `RetryPolicy` when `retry_after` is
/// short, otherwise the offer (and its job) is due again after `retry_after`; network and 5xx
/// errors back off exponentially up to `maxAttempts`; a bot the person blocked (403) marks them
/// unreachable and the offer `failed` at once, as does a chat Telegram does not know (400). An
/// offer whose seat was paid, cancelled or expired before it went out becomes `obsolete` without
/// a message.
public final class SeatOffers: Sendable {
    public static let kind: JobKind = "events.seat_offer"

    public struct Settings: Sendable {
        /// How long a sender owns an offer it took.
        public var lease: Double = 120
        /// Attempts before an offer is given up (`failed`).
        public var maxAttempts: Int = 8
        /// Back-off after attempt n: `backoffBase · 2^(n−1)` seconds (at most an hour).
        public var backoffBase: Double = 30

        public init() {}
    }

    let pool: PostgresPool
    let botAPI: BotAPIClient
    let logger: Logger
    let settings: Settings

    public init(pool: PostgresPool, botAPI: BotAPIClient, logger: Logger, settings: Settings = Settings()) {
        self.pool = pool
        self.botAPI = botAPI
        self.logger = logger
        self.settings = settings
    }

    /// Enqueues offer `offerID`'s job on `conn` (the promotion's transaction).
    static func enqueue(offerID: Int64, schema: Identifier, _ conn: PostgresConnection) throws {
        // More job attempts than offer attempts: the offer's own count decides when to give up.
        try JobQueue(schema: schema).enqueue(
            kind, payload: ["offer_id": .int(offerID)], maxAttempts: 100, dedupeKey: "offer:\(offerID)", on: conn)
    }

    /// The job of one offer: sends it when it is due, or says when to look again.
    func run(_ job: Job, tenant: LiveTenant) throws -> JobOutcome {
        guard let id = job.payload["offer_id"]?.integerValue else { return .fail(reason: "payload lacks offer_id") }
        if let offer = try take(tenant, id: id) {
            if let retryIn = try deliver(offer, tenant: tenant).retryIn {
                return .retry(after: retryIn, reason: "seat offer rescheduled")
            }
            return .done
        }
        // Not taken: finished, not due yet, or another sender holds it.
        let state = try pool.withConnection { conn in
            try conn.query(
                """
                SELECT state, greatest(0, extract(epoch FROM next_attempt_at - now()))::float8
                FROM \(ident: tenant.schema).seat_offers WHERE id = \(id)
                """
            ).first.map { (try $0.decode(String.self, 0), try $0.decode(Double.self, 1)) }
        }
        guard let (status, wait) = state, status == "pending" else { return .done }
        return .retry(after: max(1, wait), reason: "seat offer not due yet or held by another sender")
    }

    /// Sends every due offer of `tenant` now, on the calling thread; how many messages went out.
    @discardableResult
    public func deliver(_ tenant: LiveTenant) -> Int {
        var sent = 0
        do {
            while let offer = try take(tenant) {
                if try deliver(offer, tenant: tenant).sent { sent += 1 }
            }
        } catch {
            logger.warning(
                "seat offers could not be delivered",
                [("tenant", .string(tenant.slug.rawValue)), ("error", .string(String(describing: error)))])
        }
        return sent
    }

    /// A taken offer and what its message needs.
    struct Offer {
        var id: Int64
        var registrationID: Int64
        var participantID: Int64
        var attempts: Int
    }

    /// Takes the next due offer, or offer `id` if it is due (the lease starts now), committed.
    func take(_ tenant: LiveTenant, id: Int64? = nil) throws -> Offer? {
        let only: SQL = id.map { "AND id = \($0)" } ?? ""
        return try pool.withConnection { conn in
            try conn.query(
                """
                UPDATE \(ident: tenant.schema).seat_offers
                SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => \(settings.lease))
                WHERE id = (
                    SELECT id FROM \(ident: tenant.schema).seat_offers
                    WHERE state = 'pending' AND next_attempt_at <= now() \(fragment: only)
                    ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, registration_id, participant_id, attempts
                """
            ).first.map { row in
                Offer(
                    id: try row.decode(Int64.self, 0), registrationID: try row.decode(Int64.self, 1),
                    participantID: try row.decode(Int64.self, 2), attempts: Int(try row.decode(Int32.self, 3)))
            }
        }
    }

    /// Sends one taken offer and records the outcome: whether a message went out, and when to try
    /// again if it was rescheduled.
    func deliver(_ offer: Offer, tenant: LiveTenant) throws -> (sent: Bool, retryIn: Double?) {
        let store = EventStore(schema: tenant.schema)
        let now = Date()
        guard let subject = try pool.withConnection({ try store.offerSubject(offer, $0) }), subject.isLive(now: now)
        else {
            try finish(offer, state: "obsolete", error: nil, tenant: tenant)
            return (false, nil)
        }
        guard subject.reachable else {
            try finish(
                offer, state: "failed", error: "the participant cannot be reached (blocked the bot)", tenant: tenant)
            return (false, nil)
        }
        let locale = subject.languageCode ?? tenant.blueprint.app.defaultLocale
        let when = Formats.dateTime(subject.event.startsAt, locale: locale)
        var button: URLButton?
        var template = EventsTexts.seatOfferFree
        var hours: Int64 = 0
        do {
            if subject.status == .pendingPayment, let price = subject.price, let expires = subject.expiresAt {
                let link = try TicketRules.createInvoiceLink(
                    TelegramBot(token: tenant.botToken.value, client: botAPI), event: subject.event,
                    registrationID: offer.registrationID,
                    price: price, locale: locale)
                try pool.withConnection { try store.setInvoiceLink(offer.registrationID, link, $0) }
                button = URLButton(text: EventsTexts.payTicket.text(locale, n: Int64(price)), url: link)
                template = .seatOfferPaid
                hours = max(1, Int64((expires.timeIntervalSince(now) / 3600).rounded(.up)))
            }
            let text = template.text(locale, n: subject.price.map(Int64.init))
                .replacingOccurrences(of: "{event}", with: subject.event.title).replacingOccurrences(
                    of: "{when}", with: when
                )
                .replacingOccurrences(of: "{hours}", with: String(hours))
            try ParticipantMessenger(pool: pool, client: botAPI).send(
                text, toParticipant: offer.participantID, tenant: tenant, urlButton: button)
        } catch let error as BotAPIError {
            return (false, try failed(offer, error, tenant: tenant))
        }
        try finish(offer, state: "sent", error: nil, tenant: tenant)
        return (true, nil)
    }

    /// Reschedules (returning in how many seconds) or gives up an offer whose Bot API call failed.
    func failed(_ offer: Offer, _ error: BotAPIError, tenant: LiveTenant) throws -> Double? {
        let message = String(describing: error)
        let retryIn: Double?
        switch error {
        case .forbidden, .badRequest, .unauthorized, .notFound, .decoding: retryIn = nil
        case .tooManyRequests(let seconds): retryIn = Double(max(1, seconds))
        case .network, .other: retryIn = min(3600, settings.backoffBase * Double(1 << min(offer.attempts - 1, 16)))
        }
        logger.warning(
            "seat offer not sent",
            [
                ("tenant", .string(tenant.slug.rawValue)), ("registration", .int(offer.registrationID)),
                ("attempt", .int(Int64(offer.attempts))), ("error", .string(message)), ("retry", .bool(retryIn != nil)),
            ])
        guard let retryIn, offer.attempts < settings.maxAttempts else {
            try finish(offer, state: "failed", error: message, tenant: tenant)
            return nil
        }
        _ = try pool.withConnection { conn in
            try conn.execute(
                """
                UPDATE \(ident: tenant.schema).seat_offers
                SET next_attempt_at = now() + make_interval(secs => \(retryIn)), last_error = \(message)
                WHERE id = \(offer.id) AND state = 'pending'
                """)
        }
        return retryIn
    }

    func finish(_ offer: Offer, state: String, error: String?, tenant: LiveTenant) throws {
        _ = try pool.withConnection { conn in
            try conn.execute(
                """
                UPDATE \(ident: tenant.schema).seat_offers
                SET state = \(state), last_error = \(error), sent_at = CASE WHEN \(state) = 'sent' THEN now() END
                WHERE id = \(offer.id) AND state = 'pending'
                """)
        }
    }
}

/// What a seat offer is about, read when it is sent.
struct OfferSubject {
    var status: RegistrationStatus
    /// Still the state the promotion left (nothing changed the registration since).
    var unchanged: Bool
    var price: Int?
    var expiresAt: Date?
    var paid: Bool
    var event: Event
    var languageCode: String?
    var reachable: Bool

    /// Worth a message: the promoted seat is still held (unpaid and not expired, or a free seat)
    /// and the event has not started.
    func isLive(now: Date) -> Bool {
        guard unchanged, event.startsAt > now else { return false }
        switch status {
        case .pendingPayment: return price != nil && (expiresAt.map { $0 > now } ?? false)
        case .registered: return !paid
        case .waitlisted, .cancelled: return false
        }
    }
}

extension EventStore {
    /// The offer's registration, event and person (nil when the registration is gone).
    func offerSubject(_ offer: SeatOffers.Offer, _ conn: PostgresConnection) throws -> OfferSubject? {
        guard
            let row = try conn.query(
                """
                SELECT r.status, r.updated_at = o.promoted_at, r.price_stars, r.expires_at, r.paid_at IS NOT NULL, r.event_id,
                       p.language_code, p.reachable
                FROM \(ident: schema).seat_offers o JOIN \(fragment: registrations) r ON r.id = o.registration_id
                JOIN \(ident: schema).participants p ON p.id = r.participant_id
                WHERE o.id = \(offer.id)
                """
            ).first,
            let event = try find(try row.decode(Int64.self, 5), conn)
        else { return nil }
        return OfferSubject(
            status: RegistrationStatus(rawValue: try row.decode(String.self, 0)) ?? .cancelled,
            unchanged: try row.decode(Bool.self, 1),
            price: try row.decode(Int?.self, 2), expiresAt: try row.decode(Date?.self, 3),
            paid: try row.decode(Bool.self, 4), event: event,
            languageCode: try row.decode(String?.self, 6), reachable: try row.decode(Bool.self, 7))
    }
}
