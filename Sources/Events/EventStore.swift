import Blueprint
import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL of events and registrations in one tenant schema.
///
/// Seats are counted in `events.seats_taken` and changed only while the event's row is locked
/// (`SELECT … FOR UPDATE`) inside one transaction, so concurrent sign-ups for the last seat are
/// serialised by PostgreSQL: one gets it, the rest go to the waitlist (or are told it is full).
struct EventStore: Sendable {
    let schema: Identifier

    var registrations: SQL { "\(ident: schema).event_registrations" }

    // MARK: events

    func insert(_ draft: EventDraft, _ conn: PostgresConnection) throws -> Event {
        let id = try conn.query(
            """
            INSERT INTO \(ident: schema).events (section, title, description, starts_at, ends_at, place, link, capacity, price_stars)
            VALUES (\(draft.section), \(draft.title), \(draft.description), \(draft.startsAt), \(draft.endsAt), \(draft.place),
                    \(draft.link), \(draft.capacity), \(draft.priceStars))
            RETURNING id
            """
        ).first!.decode(Int64.self, 0)
        return try find(id, conn)!
    }

    func update(_ id: Int64, _ draft: EventDraft, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).events SET section = \(draft.section), title = \(draft.title), description = \(draft.description),
                starts_at = \(draft.startsAt), ends_at = \(draft.endsAt), place = \(draft.place), link = \(draft.link),
                capacity = \(draft.capacity), price_stars = \(draft.priceStars), updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// Deletes the event with its registrations; refuses (409 `event_has_paid_tickets`) while a
    /// registration holds a charge that was not refunded: the cascade would lose the record of it.
    /// The registrations are locked first, so a payment in flight commits before the check.
    func delete(_ id: Int64, _ conn: PostgresConnection) throws -> Bool {
        try conn.transaction { conn in
            try conn.execute(
                "SELECT 1 FROM \(fragment: registrations) WHERE event_id = \(id) ORDER BY id FOR UPDATE")
            let paid = try conn.query(
                """
                SELECT count(*) FROM \(fragment: registrations)
                WHERE event_id = \(id) AND paid_at IS NOT NULL AND refunded_at IS NULL
                """
            ).first!.decode(Int64.self, 0)
            if paid > 0 {
                throw AreaError.conflict(
                    code: "event_has_paid_tickets",
                    message: "\(paid) paid ticket(s) are not refunded; refund them before deleting the event")
            }
            return try conn.execute("DELETE FROM \(ident: schema).events WHERE id = \(id)") == 1
        }
    }

    /// The event (with the participant's registration when `participantID` is given).
    func find(_ id: Int64, section: String? = nil, participantID: Int64? = nil, forUpdate: Bool = false, _ conn: PostgresConnection)
        throws -> Event?
    {
        var sql = select(participantID: participantID) + " WHERE e.id = \(id)"
        if let section { sql = sql + " AND e.section = \(section)" }
        if forUpdate { sql = sql + " FOR UPDATE OF e" }
        return try conn.query(sql).first.map { try Event(row: $0, withOwn: participantID != nil) }
    }

    /// Upcoming (not yet ended, soonest first) or past (latest first) events.
    func list(section: String?, upcoming: Bool?, now: Date, participantID: Int64?, limit: Int, _ conn: PostgresConnection) throws
        -> [Event]
    {
        var conditions: [SQL] = []
        if let section { conditions.append("e.section = \(section)") }
        var order = "e.starts_at DESC, e.id DESC"
        if let upcoming {
            if upcoming {
                conditions.append("coalesce(e.ends_at, e.starts_at) >= \(now)")
                order = "e.starts_at, e.id"
            } else {
                conditions.append("coalesce(e.ends_at, e.starts_at) < \(now)")
            }
        }
        var sql = select(participantID: participantID)
        if !conditions.isEmpty { sql = sql + " WHERE " + SQL.join(conditions, separator: " AND ") }
        sql = sql + " ORDER BY \(unsafeRaw: order) LIMIT \(limit)"
        return try conn.query(sql).map { try Event(row: $0, withOwn: participantID != nil) }
    }

    /// Events the participant holds an active registration for, soonest first.
    func own(participantID: Int64, _ conn: PostgresConnection) throws -> [Event] {
        let sql =
            select(participantID: participantID)
            + " WHERE r.id IS NOT NULL ORDER BY e.starts_at, e.id LIMIT 200"
        return try conn.query(sql).map { try Event(row: $0, withOwn: true) }
    }

    private func select(participantID: Int64?) -> SQL {
        guard let participantID else {
            return "SELECT \(unsafeRaw: Event.columns(schema)) FROM \(ident: schema).events e"
        }
        return """
            SELECT \(unsafeRaw: Event.columns(schema))\(unsafeRaw: Event.ownColumns(schema)) FROM \(ident: schema).events e
            LEFT JOIN \(fragment: registrations) r ON r.event_id = e.id AND r.participant_id = \(participantID) AND r.status <> 'cancelled'
                AND NOT (r.status = 'pending_payment' AND r.expires_at < now())
            """
    }

    // MARK: registrations

    /// Registers the participant: a seat while one is free, else the waitlist (when the section
    /// has one), else `event_full`. One transaction under the event's row lock.
    func register(
        eventID: Int64, section: String, participantID: Int64, answers: [String: String], settings: EventsSettings, now: Date,
        _ conn: PostgresConnection
    ) throws -> OwnRegistration {
        try conn.transaction { conn in
            guard let event = try find(eventID, section: section, forUpdate: true, conn) else { throw EventsArea.eventNotFound }
            let rules = EventRules(event, settings: settings)
            guard rules.registration.enabled, event.isOpen(now: now) else {
                throw AreaError.conflict(code: "registration_closed", message: "registration for this event is closed")
            }
            // Unpaid seats past their hold go back first (lazy expiry), then seats are counted.
            _ = try expireUnpaid(eventID: eventID, rules: rules, now: now, conn)
            let seatsTaken = try find(eventID, conn)!.seatsTaken
            let existing = try conn.query(
                "SELECT status FROM \(fragment: registrations) WHERE event_id = \(eventID) AND participant_id = \(participantID)"
            ).first.map { try $0.decode(String.self, 0) }
            if let existing, existing != RegistrationStatus.cancelled.rawValue {
                throw AreaError.conflict(code: "already_registered", message: "you are already registered for this event (\(existing))")
            }
            let status: RegistrationStatus
            var position: Int64?
            if rules.capacity.map({ seatsTaken < $0 }) ?? true {
                status = rules.seatStatus
                try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken + 1 WHERE id = \(eventID)")
            } else if rules.waitlist {
                status = .waitlisted
                position = try conn.query(
                    """
                    SELECT coalesce(max(position), 0) + 1 FROM \(fragment: registrations)
                    WHERE event_id = \(eventID) AND status = 'waitlisted'
                    """
                ).first!.decode(Int64.self, 0)
            } else {
                throw AreaError.conflict(code: "event_full", message: "the event is full")
            }
            let fields = JSONValue.object(JSONObject(answers.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
            let unpaid = status == .pendingPayment
            let price: Int? = unpaid ? rules.price : nil
            let expires: Date? = unpaid ? now.addingTimeInterval(TicketRules.hold) : nil
            let id = try conn.query(
                """
                INSERT INTO \(fragment: registrations) (event_id, participant_id, status, position, fields, price_stars, expires_at)
                VALUES (\(eventID), \(participantID), \(status.rawValue), \(position), \(fields.description)::jsonb, \(price), \(expires))
                ON CONFLICT (event_id, participant_id) DO UPDATE SET status = EXCLUDED.status, position = EXCLUDED.position,
                    fields = EXCLUDED.fields, created_at = now(), updated_at = now(), cancelled_at = NULL,
                    price_stars = EXCLUDED.price_stars, expires_at = EXCLUDED.expires_at, invoice_link = NULL,
                    payment_id = NULL, telegram_payment_charge_id = NULL, paid_at = NULL, refunded_at = NULL
                RETURNING id
                """
            ).first!.decode(Int64.self, 0)
            guard let position else {
                return OwnRegistration(status: status, waitlistRank: nil, id: id, expiresAt: expires, priceStars: price)
            }
            let rank = try conn.query(
                """
                SELECT count(*) FROM \(fragment: registrations)
                WHERE event_id = \(eventID) AND status = 'waitlisted' AND position <= \(position)
                """
            ).first!.decode(Int64.self, 0)
            return OwnRegistration(status: status, waitlistRank: rank, id: id)
        }
    }

    /// Cancels the participant's registration and, if it held a seat, gives the seat to the first
    /// on the waitlist, in the same transaction. Returns the participants promoted.
    func cancel(eventID: Int64, section: String, participantID: Int64, settings: EventsSettings, now: Date, _ conn: PostgresConnection)
        throws -> [Int64]
    {
        try conn.transaction { conn in
            guard let event = try find(eventID, section: section, forUpdate: true, conn) else { throw EventsArea.eventNotFound }
            guard event.isOpen(now: now) else {
                throw AreaError.conflict(code: "registration_closed", message: "the event has started; registrations can no longer change")
            }
            _ = try expireUnpaid(eventID: eventID, rules: EventRules(event, settings: settings), now: now, conn)
            guard
                let current = try conn.query(
                    """
                    SELECT status, telegram_payment_charge_id IS NOT NULL FROM \(fragment: registrations)
                    WHERE event_id = \(eventID) AND participant_id = \(participantID) AND status <> 'cancelled'
                    """
                ).first
            else {
                throw AreaError.notFound(code: "registration_not_found", message: "you are not registered for this event")
            }
            if try current.decode(Bool.self, 1) {
                throw AreaError.conflict(
                    code: "ticket_paid", message: "a paid ticket is cancelled by a refund; please contact the organisers")
            }
            let previous = RegistrationStatus(rawValue: try current.decode(String.self, 0)) ?? .cancelled
            try conn.execute(
                """
                UPDATE \(fragment: registrations) SET status = 'cancelled', position = NULL, cancelled_at = now(), updated_at = now()
                WHERE event_id = \(eventID) AND participant_id = \(participantID)
                """)
            if previous.holdsSeat {
                try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken - 1 WHERE id = \(eventID)")
            }
            return try promote(eventID: eventID, rules: EventRules(event, settings: settings), conn)
        }
    }

    /// Cancels the event's unpaid registrations whose hold has passed, gives their seats back and
    /// promotes the waitlist. The caller holds the event's row lock. Returns how many expired.
    @discardableResult
    func expireUnpaid(eventID: Int64, rules: EventRules, now: Date, _ conn: PostgresConnection) throws -> Int {
        let expired = try conn.query(
            """
            UPDATE \(fragment: registrations) SET status = 'cancelled', position = NULL, cancelled_at = now(), updated_at = now()
            WHERE event_id = \(eventID) AND status = 'pending_payment' AND expires_at < \(now)
            RETURNING id
            """
        ).count
        guard expired > 0 else { return 0 }
        try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken - \(expired) WHERE id = \(eventID)")
        _ = try promote(eventID: eventID, rules: rules, conn)
        return expired
    }

    /// Moves people from the head of the waitlist into free seats, each with a `seat_offers` row
    /// for the bot's message and its `events.seat_offer` job. The caller holds the event's row lock
    /// (or has just updated the row in this transaction).
    func promote(eventID: Int64, rules: EventRules, _ conn: PostgresConnection) throws -> [Int64] {
        var promoted: [Int64] = []
        while true {
            let seats = try conn.query("SELECT seats_taken FROM \(ident: schema).events WHERE id = \(eventID)").first!.decode(Int.self, 0)
            if let capacity = rules.capacity, seats >= capacity { break }
            guard
                let next = try conn.query(
                    """
                    UPDATE \(fragment: registrations) SET status = \(rules.seatStatus.rawValue), position = NULL, updated_at = now(),
                        price_stars = \(rules.price), invoice_link = NULL,
                        expires_at = \(rules.price == nil ? nil : Date().addingTimeInterval(TicketRules.promotedHold))
                    WHERE id = (SELECT id FROM \(fragment: registrations) WHERE event_id = \(eventID) AND status = 'waitlisted'
                                ORDER BY position LIMIT 1)
                    RETURNING id, participant_id
                    """
                ).first
            else { break }
            promoted.append(try next.decode(Int64.self, 1))
            // The bot tells them once this commits: the offer and its job commit with the promotion.
            if let offer = try conn.query(
                """
                INSERT INTO \(ident: schema).seat_offers (registration_id, promoted_at, participant_id)
                VALUES (\(try next.decode(Int64.self, 0)), now(), \(try next.decode(Int64.self, 1))) ON CONFLICT DO NOTHING
                RETURNING id
                """
            ).first {
                try SeatOffers.enqueue(offerID: try offer.decode(Int64.self, 0), schema: schema, conn)
            }
            try conn.execute("UPDATE \(ident: schema).events SET seats_taken = seats_taken + 1 WHERE id = \(eventID)")
        }
        return promoted
    }

    /// An event's registrations for staff: seat holders first, then the waitlist in order.
    func registrationList(eventID: Int64, _ conn: PostgresConnection) throws -> [JSONValue] {
        try conn.query(
            """
            SELECT r.id, r.status, r.position, r.fields::text, r.created_at, p.id, p.telegram_id, p.first_name, p.last_name, p.username,
                   r.price_stars, r.expires_at, r.paid_at, r.refunded_at
            FROM \(fragment: registrations) r JOIN \(ident: schema).participants p ON p.id = r.participant_id
            WHERE r.event_id = \(eventID)
            ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'pending_payment' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END,
                     r.position, r.created_at, r.id
            """
        ).map { row in
            let fields = (try? JSONParser.parse(Array(try row.decode(String.self, 3).utf8))) ?? [:]
            return [
                "id": .int(try row.decode(Int64.self, 0)), "status": .string(try row.decode(String.self, 1)),
                "position": try row.decode(Int64?.self, 2).map(JSONValue.int) ?? .null, "fields": fields,
                "created_at": .string(Instant.format(try row.decode(Date.self, 4))),
                "price_stars": try row.decode(Int?.self, 10).map { .int(Int64($0)) } ?? .null,
                "expires_at": try row.decode(Date?.self, 11).map { .string(Instant.format($0)) } ?? .null,
                "paid_at": try row.decode(Date?.self, 12).map { .string(Instant.format($0)) } ?? .null,
                "refunded_at": try row.decode(Date?.self, 13).map { .string(Instant.format($0)) } ?? .null,
                "participant": [
                    "id": .int(try row.decode(Int64.self, 5)), "telegram_id": .int(try row.decode(Int64.self, 6)),
                    "first_name": .string(try row.decode(String.self, 7)),
                    "last_name": try row.decode(String?.self, 8).map(JSONValue.string) ?? .null,
                    "username": try row.decode(String?.self, 9).map(JSONValue.string) ?? .null,
                ],
            ]
        }
    }
}
