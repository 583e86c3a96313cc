import Blueprint
import Foundation
import Kernel
import Postgres
import TesseraJSON

/// A registration's state. `pending_payment` holds a seat until the Stars payment arrives.
public enum RegistrationStatus: String, Sendable, CaseIterable {
    case registered, waitlisted, pendingPayment = "pending_payment", cancelled

    /// Whether the registration occupies a seat.
    var holdsSeat: Bool { self == .registered || self == .pendingPayment }
}

/// The caller's own, active registration for an event.
public struct OwnRegistration: Sendable, Equatable {
    public var status: RegistrationStatus
    /// 1-based place in the waitlist (only while waitlisted).
    public var waitlistRank: Int64?
    public var id: Int64? = nil
    /// While `pending_payment`: until when the seat is held, and the ticket's price.
    public var expiresAt: Date? = nil
    public var priceStars: Int? = nil
    /// A paid ticket: cancelled only through a refund.
    public var paid = false

    func json() -> JSONValue {
        var o: JSONObject = ["status": .string(status.rawValue), "position": waitlistRank.map(JSONValue.int) ?? .null]
        if let id { o["id"] = .int(id) }
        if paid { o["paid"] = true }
        if status == .pendingPayment {
            o["expires_at"] = expiresAt.map { .string(Instant.format($0)) } ?? .null
            o["price_stars"] = priceStars.map { .int(Int64($0)) } ?? .null
        }
        return .object(o)
    }
}

/// An event as stored, with its live counts (and, for end users, their own registration).
public struct Event: Sendable, Equatable {
    public var id: Int64
    public var section: String
    public var title: String
    public var description: String
    public var startsAt: Date
    public var endsAt: Date?
    public var place: String?
    public var link: String?
    /// The event's own capacity; nil = the section's `capacity_default` (or unlimited).
    public var capacity: Int?
    /// The event's own price; nil = the section's `ticket_price_default` when it sells tickets.
    public var priceStars: Int?
    public var seatsTaken: Int
    public var waitlisted: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var mine: OwnRegistration?

    /// Columns of `events e`; with `participant`, also the participant's registration `r`.
    static func columns(_ schema: Identifier) -> String {
        """
        e.id, e.section, e.title, e.description, e.starts_at, e.ends_at, e.place, e.link, e.capacity, e.price_stars, \
        e.seats_taken, (SELECT count(*) FROM \(schema.quoted).event_registrations w WHERE w.event_id = e.id AND w.status = 'waitlisted'), \
        e.created_at, e.updated_at
        """
    }

    /// The extra columns and join for one participant's registration.
    static func ownColumns(_ schema: Identifier) -> String {
        """
        , r.status, (SELECT count(*) FROM \(schema.quoted).event_registrations w \
        WHERE w.event_id = e.id AND w.status = 'waitlisted' AND w.position <= r.position), r.id, r.expires_at, r.price_stars, r.telegram_payment_charge_id IS NOT NULL
        """
    }

    init(row: PostgresRow, withOwn: Bool = false) throws {
        id = try row.decode(Int64.self, 0)
        section = try row.decode(String.self, 1)
        title = try row.decode(String.self, 2)
        description = try row.decode(String.self, 3)
        startsAt = try row.decode(Date.self, 4)
        endsAt = try row.decode(Date?.self, 5)
        place = try row.decode(String?.self, 6)
        link = try row.decode(String?.self, 7)
        capacity = try row.decode(Int?.self, 8)
        priceStars = try row.decode(Int?.self, 9)
        seatsTaken = try row.decode(Int.self, 10)
        waitlisted = try row.decode(Int.self, 11)
        createdAt = try row.decode(Date.self, 12)
        updatedAt = try row.decode(Date.self, 13)
        if withOwn, let status = try row.decode(String?.self, 14).flatMap(RegistrationStatus.init(rawValue:)) {
            mine = OwnRegistration(
                status: status, waitlistRank: status == .waitlisted ? try row.decode(Int64?.self, 15) : nil,
                id: try row.decode(Int64?.self, 16), expiresAt: try row.decode(Date?.self, 17), priceStars: try row.decode(Int?.self, 18),
                paid: try row.decode(Bool.self, 19))
        }
    }

    /// Registration can happen until the event starts.
    func isOpen(now: Date) -> Bool { startsAt > now }

    func json(_ rules: EventRules, now: Date, staff: Bool = false, own: Bool = false) -> JSONValue {
        var o: JSONObject = [
            "id": .int(id), "section": .string(section), "title": .string(title), "description": .string(description),
            "starts_at": .string(Instant.format(startsAt)), "ends_at": endsAt.map { .string(Instant.format($0)) } ?? .null,
            "place": place.map(JSONValue.string) ?? .null, "link": link.map(JSONValue.string) ?? .null,
        ]
        if staff {
            o["capacity_own"] = capacity.map { .int(Int64($0)) } ?? .null
            o["price_stars_own"] = priceStars.map { .int(Int64($0)) } ?? .null
        }
        o["capacity"] = rules.capacity.map { .int(Int64($0)) } ?? .null
        o["price_stars"] = rules.price.map { .int(Int64($0)) } ?? .null
        o["seats_taken"] = .int(Int64(seatsTaken))
        o["seats_left"] = rules.capacity.map { .int(Int64(max(0, $0 - seatsTaken))) } ?? .null
        o["waitlisted"] = .int(Int64(waitlisted))
        o["registration_open"] = .bool(rules.registration.enabled && isOpen(now: now))
        if own { o["registration"] = mine?.json() ?? .null }
        if staff {
            o["created_at"] = .string(Instant.format(createdAt))
            o["updated_at"] = .string(Instant.format(updatedAt))
        }
        return .object(o)
    }

    /// The badge of the event's card: the caller's status, else seats or price.
    func badge(_ rules: EventRules, locale: String, now: Date) -> String? {
        if let mine {
            switch mine.status {
            case .registered: return "✓ " + EventsTexts.registered.text(locale)
            case .waitlisted: return EventsTexts.waitlisted.text(locale, n: mine.waitlistRank ?? 1)
            case .pendingPayment: return EventsTexts.pendingPayment.text(locale)
            case .cancelled: break
            }
        }
        guard isOpen(now: now) else { return nil }
        if let capacity = rules.capacity, seatsTaken >= capacity {
            return (rules.waitlist ? EventsTexts.fullWaitlist : EventsTexts.full).text(locale)
        }
        if let price = rules.price { return EventsTexts.starsPrice.text(locale, n: Int64(price)) }
        if let capacity = rules.capacity { return EventsTexts.seatsLeft.text(locale, n: Int64(capacity - seatsTaken)) }
        return nil
    }

    func card(_ rules: EventRules, locale: String, now: Date) -> JSONValue {
        var subtitle = Formats.dateTime(startsAt, locale: locale)
        if let place { subtitle += " · " + place }
        var o: JSONObject = ["id": .string("event-\(id)"), "title": .string(title), "subtitle": .string(subtitle)]
        if let badge = badge(rules, locale: locale, now: now) { o["badge"] = .string(badge) }
        o["action"] = ["kind": "open_detail", "section": .string(section), "detail": .string("events/\(id)")]
        return .object(o)
    }
}

/// What the section's settings make of an event: effective capacity and price, waitlist, form.
struct EventRules: Sendable, Equatable {
    var capacity: Int?
    var price: Int?
    var waitlist: Bool
    var registration: Registration

    init(capacity: Int?, price: Int?, settings: EventsSettings) {
        self.capacity = capacity ?? settings.capacityDefault
        self.price = settings.paidTickets ? (price ?? settings.ticketPriceDefault) : nil
        waitlist = settings.waitlist
        registration = settings.registration
    }

    init(_ event: Event, settings: EventsSettings) {
        self.init(capacity: event.capacity, price: event.priceStars, settings: settings)
    }

    /// The status a new registration gets when a seat is free.
    var seatStatus: RegistrationStatus { price == nil ? .registered : .pendingPayment }
}
