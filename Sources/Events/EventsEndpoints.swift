import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// Events: listings, event screens, registration and cancellation for end users; event
/// management and registration lists for staff.
public struct EventsArea: Sendable {
    let pool: PostgresPool
    /// Stars invoices and refunds for paid tickets.
    let botAPI: BotAPIClient
    let logger: Logger
    /// `tessera dev`'s simulator: browsers outside Telegram may pay through it (dev only).
    let simulatorURL: String?
    let simulatedPayments = InFlightLimit(2)
    /// The bot's messages to people moved up from the waitlist (`events.seat_offer` jobs).
    public let seatOffers: SeatOffers
    /// The live tenants, for the seat-offer thread (set when built from an `AreaContext`).
    var registry: TenantRegistry?
    /// Moved after a participant's registration or cancellation, so this server's cached events
    /// screens show the seat on the next request (set when built from an `AreaContext`).
    var content = ContentVersions()
    static let listLimit = (default: 50, max: 200)

    public init(pool: PostgresPool, botAPI: BotAPIClient = BotAPIClient(), logger: Logger = Logger(label: "events"), simulatorURL: String? = nil) {
        self.pool = pool
        self.botAPI = botAPI
        self.logger = logger
        self.simulatorURL = simulatorURL
        seatOffers = SeatOffers(pool: pool, botAPI: botAPI, logger: logger)
    }

    /// The events' part in payments (invoice payload `ticket:<registration id>`).
    public var payments: TicketPayments { TicketPayments(logger: logger) }

    public var endpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/events", list),
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/events/{event}", event),
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/events/{event}/registrations", register),
            .participant(.DELETE, "/api/v1/{tenant}/sections/{section}/events/{event}/registrations/me", cancel),
            .participant(.GET, "/api/v1/{tenant}/me/registrations", own),
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/events/{event}/registrations/me/invoice", invoice),
            .participant(.POST, "/api/v1/{tenant}/me/registrations/{registration}/simulated-payment", simulatedPayment),
            .staff(.POST, "/admin/api/v1/{tenant}/events/{event}/registrations/{registration}/refund", .money(.orders), refund),
            .staff(.GET, "/admin/api/v1/{tenant}/events", .read(.content), staffList),
            .staff(.POST, "/admin/api/v1/{tenant}/events", .write(.content), create),
            .staff(.GET, "/admin/api/v1/{tenant}/events/{event}", .read(.content), show),
            .staff(.PATCH, "/admin/api/v1/{tenant}/events/{event}", .write(.content), update),
            .staff(.DELETE, "/admin/api/v1/{tenant}/events/{event}", .delete(.content), delete),
            .staff(.GET, "/admin/api/v1/{tenant}/events/{event}/registrations", .read(.orders), registrations),
        ]
    }

    static let eventNotFound = AreaError.notFound(code: "event_not_found", message: "no such event")

    static func settings(_ blueprint: Blueprint, _ section: String) -> EventsSettings {
        blueprint.section(id: section)?.eventsSettings ?? EventsSettings()
    }

    // MARK: end users

    func list(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let when = call.request.queryValue("when") ?? "upcoming"
        guard when == "upcoming" || when == "past" else { throw AreaError.invalid("when", "expected upcoming or past") }
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let events = try listEvents(call, section: section.id, upcoming: when == "upcoming", limit: limit)
        return Reply.json([
            "events": .array(events.map { $0.json(EventRules($0, settings: settings), now: call.now, own: true) }),
            "items": .array(events.map { $0.card(EventRules($0, settings: settings), locale: call.locale, now: call.now) }),
        ])
    }

    /// Events of `section`, with the caller's registrations unless `shared` (the same for everybody).
    func listEvents(_ call: ParticipantCall, section: String, upcoming: Bool, limit: Int, shared: Bool = false) throws -> [Event] {
        let store = EventStore(schema: call.tenant.schema)
        return try pool.withConnection { conn in
            try store.list(
                section: section, upcoming: upcoming, now: call.now, participantID: shared ? nil : call.participantID, limit: limit, conn)
        }
    }

    /// One event with its screen: details, the caller's status, and the registration form or a
    /// cancel button.
    func event(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        let event = try pool.withConnection { conn -> Event? in
            try expireUnpaid(id, settings: settings, store: store, tenant: call.tenant, now: call.now, conn)
            return try store.find(id, section: section.id, participantID: call.participantID, conn)
        }
        guard let event else { throw Self.eventNotFound }
        let rules = EventRules(event, settings: settings)
        return Reply.json([
            "event": event.json(rules, now: call.now, own: true), "screen": screen(event, rules, section: section, call),
        ])
    }

    func screen(_ event: Event, _ rules: EventRules, section: Section, _ call: ParticipantCall) -> JSONValue {
        let locale = call.locale
        var when = Formats.dateTime(event.startsAt, locale: locale)
        if let end = event.endsAt { when += " – " + Formats.dateTime(end, locale: locale) }
        var components: [JSONValue] = [["type": "header", "text": .string(event.title), "subtitle": .string(when)]]
        if let place = event.place { components.append(["type": "text", "text": .string("📍 " + place), "style": "body"]) }
        if !event.description.isEmpty { components.append(["type": "rich_text", "html": .string(event.description)]) }
        if let badge = event.badge(rules, locale: locale, now: call.now) ?? (rules.capacity == nil ? EventsTexts.unlimited.text(locale) : nil) {
            components.append(["type": "text", "text": .string(badge), "style": "caption"])
        }
        let registrationPath = "/api/v1/{tenant}/sections/\(section.id)/events/\(event.id)/registrations"
        if let mine = event.mine {
            components.append(["type": "text", "text": .string(Self.message(mine, rules, locale: locale)), "style": "body"])
            if mine.status == .pendingPayment, event.isOpen(now: call.now) {
                components.append([
                    "type": "button", "text": .string(EventsTexts.payTicket.text(locale, n: Int64(mine.priceStars ?? rules.price ?? 0))),
                    "style": "primary", "action": ["kind": "api", "method": "POST", "path": .string(registrationPath + "/me/invoice")],
                ])
            }
            if event.isOpen(now: call.now), !mine.paid {
                components.append([
                    "type": "button", "text": .string(EventsTexts.cancelRegistration.text(locale)), "style": "secondary",
                    "action": ["kind": "api", "method": "DELETE", "path": .string(registrationPath + "/me")],
                ])
            }
        } else if rules.registration.enabled, event.isOpen(now: call.now),
            rules.capacity.map({ event.seatsTaken < $0 }) ?? true || rules.waitlist
        {
            // The section's own form (labels localised by the interpreter), aimed at this event.
            let context = ScreenContext(locale: locale, tags: call.tags, now: call.now)
            let sectionScreen = call.tenant.interpreter.screen(section.id, context: context)
            let form = sectionScreen?["screen"]?["components"]?.arrayValue?.first { $0["type"]?.stringValue == "form" }
            if let form { components.append(Self.aim(form, at: event.id)) }
        } else if !event.isOpen(now: call.now) || !rules.registration.enabled {
            components.append(["type": "text", "text": .string(EventsTexts.registrationClosed.text(locale)), "style": "caption"])
        }
        if let link = event.link {
            components.append([
                "type": "button", "text": .string(EventsTexts.openLink.text(locale)), "style": "secondary",
                "action": ["kind": "open_link", "url": .string(link)],
            ])
        }
        return ["id": .string(section.id), "type": "events", "title": .string(event.title), "components": .array(components)]
    }

    /// The registration form with `{event}` in its action path replaced by the event's id.
    static func aim(_ form: JSONValue, at eventID: Int64) -> JSONValue {
        guard case .object(var object) = form, case .object(var submit)? = object["submit"],
            case .object(var action)? = submit["action"], let path = action["path"]?.stringValue
        else { return form }
        action["path"] = .string(path.replacingOccurrences(of: "{event}", with: String(eventID)))
        submit["action"] = .object(action)
        object["submit"] = .object(submit)
        return .object(object)
    }

    static func message(_ registration: OwnRegistration, _ rules: EventRules, locale: String) -> String {
        switch registration.status {
        case .registered: EventsTexts.registeredMessage.text(locale)
        case .waitlisted: EventsTexts.waitlistedMessage.text(locale, n: registration.waitlistRank ?? 1)
        case .pendingPayment: EventsTexts.pendingPaymentMessage.text(locale, n: Int64(rules.price ?? 0))
        case .cancelled: EventsTexts.cancelledMessage.text(locale)
        }
    }

    func register(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let answers = try RegistrationForm.read(call.request, registration: settings.registration)
        let store = EventStore(schema: call.tenant.schema)
        let (registration, event) = try pool.withConnection { conn in
            let registration = try store.register(
                eventID: id, section: section.id, participantID: call.participantID, answers: answers, settings: settings,
                now: call.now, conn)
            return (registration, try store.find(id, participantID: call.participantID, conn))
        }
        content.changed(call.tenant.schema, area: name)
        let rules = event.map { EventRules($0, settings: settings) } ?? EventRules(capacity: nil, price: nil, settings: settings)
        var body: JSONObject = [
            "registration": registration.json(), "message": .string(Self.message(registration, rules, locale: call.locale)),
            "event": event.map { $0.json(rules, now: call.now, own: true) } ?? .null,
        ]
        if registration.status == .pendingPayment, let registrationID = registration.id, let event {
            do {
                try addInvoice(&body, registrationID: registrationID, event: event, price: registration.priceStars ?? 0, call)
            } catch {
                // No invoice, no held seat: the registration is cancelled and the seat goes back.
                _ = try? pool.withConnection {
                    try store.cancel(eventID: id, section: section.id, participantID: call.participantID, settings: settings, now: call.now, $0)
                }
                content.changed(call.tenant.schema, area: name)
                throw error
            }
        }
        return Reply.json(.object(body), status: 201)
    }

    /// Lazy expiry of the event's unpaid seats (a short transaction under the event's row lock).
    func expireUnpaid(_ eventID: Int64, settings: EventsSettings, store: EventStore, tenant: LiveTenant, now: Date, _ conn: PostgresConnection)
        throws
    {
        _ = try conn.transaction { conn -> Int in
            guard let event = try store.find(eventID, forUpdate: true, conn) else { return 0 }
            return try store.expireUnpaid(eventID: eventID, rules: EventRules(event, settings: settings), now: now, conn)
        }
    }

    /// Creates the ticket's Stars invoice link (after the registration committed, so no event row
    /// stays locked while Telegram answers) and puts it, and in dev mode the simulated-payment
    /// path, into the answer.
    func addInvoice(_ body: inout JSONObject, registrationID: Int64, event: Event, price: Int, _ call: ParticipantCall) throws {
        let store = EventStore(schema: call.tenant.schema)
        let link: String
        do {
            link = try TicketRules.createInvoiceLink(
                TelegramBot(token: call.tenant.botToken.value, client: botAPI), event: event, registrationID: registrationID, price: price,
                locale: call.tenant.blueprint.app.defaultLocale)
        } catch {
            logger.warning(
                "ticket invoice link failed",
                [
                    ("tenant", .string(call.tenant.slug.rawValue)), ("registration", .int(registrationID)),
                    ("error", .string(String(describing: error))),
                ])
            throw AreaError.upstream(code: "invoice_failed", message: "Telegram did not create the invoice; try again shortly")
        }
        try pool.withConnection { try store.setInvoiceLink(registrationID, link, $0) }
        body["invoice_link"] = .string(link)
        if simulatorURL != nil {
            body["simulated_payment"] = .string("/api/v1/{tenant}/me/registrations/\(registrationID)/simulated-payment")
        }
    }

    /// The invoice of the caller's unpaid registration (e.g. after moving up from the waitlist, or
    /// when the payment sheet was closed): a fresh link each time, the seat's hold unchanged.
    func invoice(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        let event = try pool.withConnection { conn -> Event? in
            try expireUnpaid(id, settings: settings, store: store, tenant: call.tenant, now: call.now, conn)
            return try store.find(id, section: section.id, participantID: call.participantID, conn)
        }
        guard let event else { throw Self.eventNotFound }
        guard let mine = event.mine, let registrationID = mine.id else {
            throw AreaError.notFound(code: "registration_not_found", message: "you are not registered for this event")
        }
        guard mine.status == .pendingPayment else {
            throw AreaError.conflict(code: "registration_not_pending", message: "the registration is \(mine.status.rawValue)")
        }
        let rules = EventRules(event, settings: settings)
        var body: JSONObject = ["registration": mine.json(), "event": event.json(rules, now: call.now, own: true)]
        try addInvoice(&body, registrationID: registrationID, event: event, price: mine.priceStars ?? rules.price ?? 0, call)
        return Reply.json(.object(body))
    }

    /// Dev mode only: the simulated user pays the ticket's invoice through the simulator (the same
    /// pre_checkout_query → successful_payment webhook flow as Telegram). 404 elsewhere.
    func simulatedPayment(_ call: ParticipantCall) throws -> HTTPResponse {
        let notFound = AreaError.notFound(code: "registration_not_found", message: "no such registration")
        guard let simulatorURL else {
            throw AreaError.notFound(code: "simulator_not_available", message: "payments are simulated only under tessera dev")
        }
        let id = try pathID(call.params["registration"], notFound: notFound)
        let store = EventStore(schema: call.tenant.schema)
        let (facts, link, telegramID) = try pool.withConnection { conn in
            (
                try store.ticket(id, conn), try store.invoiceLink(id, conn),
                try conn.query("SELECT telegram_id FROM \(ident: call.tenant.schema).participants WHERE id = \(call.participantID)")
                    .first?.decode(Int64.self, 0)
            )
        }
        guard let facts, facts.participantID == call.participantID, let telegramID else { throw notFound }
        guard facts.status == .pendingPayment, let link else {
            throw AreaError.conflict(code: "registration_not_pending", message: "the registration is \(facts.status.rawValue)")
        }
        guard simulatedPayments.enter() else {
            throw AreaError.conflict(code: "simulator_busy", message: "other simulated payments are in progress; try again")
        }
        defer { simulatedPayments.leave() }
        let botID = call.tenant.botToken.value.split(separator: ":").first.map(String.init) ?? ""
        let url = URL(string: "\(simulatorURL)/sim/bots/\(botID)/users/\(telegramID)/pay")!
        let response: HTTPTransport.Response
        do {
            response = try HTTPTransport(timeout: 20).send(
                method: "POST", url: url, headers: [("Content-Type", "application/json")],
                body: JSONValue.object(["invoice": .string(link)]).serialized())
        } catch {
            throw AreaError.upstream(code: "simulator_failed", message: "the Telegram simulator did not answer")
        }
        let outcome = (try? JSONParser.parse(response.body)) ?? .null
        let after = try pool.withConnection { try store.ticket(id, $0) }
        return Reply.json([
            "paid": .bool(after?.status == .registered && after?.chargeID != nil), "answer": outcome["answer"] ?? .null,
            "registration": ["id": .int(id), "status": .string((after?.status ?? .cancelled).rawValue)],
        ])
    }

    func cancel(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        let event = try pool.withConnection { conn in
            _ = try store.cancel(eventID: id, section: section.id, participantID: call.participantID, settings: settings, now: call.now, conn)
            return try store.find(id, participantID: call.participantID, conn)
        }
        content.changed(call.tenant.schema, area: name)
        let rules = event.map { EventRules($0, settings: settings) } ?? EventRules(capacity: nil, price: nil, settings: settings)
        return Reply.json([
            "message": .string(EventsTexts.cancelledMessage.text(call.locale)),
            "event": event.map { $0.json(rules, now: call.now, own: true) } ?? .null,
        ])
    }

    /// The caller's active registrations across the app's events sections, soonest first.
    func own(_ call: ParticipantCall) throws -> HTTPResponse {
        let store = EventStore(schema: call.tenant.schema)
        let events = try pool.withConnection { try store.own(participantID: call.participantID, $0) }
        let blueprint = call.tenant.blueprint
        return Reply.json([
            "registrations": .array(events.compactMap { event in
                guard let mine = event.mine else { return nil }
                let rules = EventRules(event, settings: Self.settings(blueprint, event.section))
                return [
                    "status": .string(mine.status.rawValue), "position": mine.waitlistRank.map(JSONValue.int) ?? .null,
                    "event": event.json(rules, now: call.now),
                ]
            })
        ])
    }

    // MARK: staff

    func staffList(_ call: StaffCall) throws -> HTTPResponse {
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let when = call.request.queryValue("when")
        guard when == nil || when == "upcoming" || when == "past" else {
            throw AreaError.invalid("when", "expected upcoming or past")
        }
        let store = EventStore(schema: call.tenant.schema)
        let events = try pool.withConnection { conn in
            try store.list(
                section: call.request.queryValue("section"), upcoming: when.map { $0 == "upcoming" }, now: call.now, participantID: nil,
                limit: limit, conn)
        }
        return Reply.json(["events": .array(events.map { staffJSON($0, call) })])
    }

    func staffJSON(_ event: Event, _ call: StaffCall) -> JSONValue {
        event.json(EventRules(event, settings: Self.settings(call.tenant.blueprint, event.section)), now: call.now, staff: true)
    }

    func create(_ call: StaffCall) throws -> HTTPResponse {
        let draft = try EventDraft.create(call.request, blueprint: call.tenant.blueprint)
        let store = EventStore(schema: call.tenant.schema)
        let event = try pool.withConnection { try store.insert(draft, $0) }
        var response = Reply.json(["event": staffJSON(event, call)], status: 201)
        response.headers.add(name: "Location", value: "/admin/api/v1/\(call.tenant.slug.rawValue)/events/\(event.id)")
        return response
    }

    func show(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        guard let event = try pool.withConnection({ try store.find(id, $0) }) else { throw Self.eventNotFound }
        return Reply.json(["event": staffJSON(event, call)])
    }

    /// Changes an event; a raised capacity moves people up from the waitlist in the same transaction.
    func update(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        let event = try pool.transaction { conn -> Event in
            guard let existing = try store.find(id, forUpdate: true, conn) else { throw Self.eventNotFound }
            let draft = try EventDraft(existing).patched(call.request, blueprint: call.tenant.blueprint)
            try store.update(id, draft, conn)
            let settings = Self.settings(call.tenant.blueprint, draft.section)
            _ = try store.promote(eventID: id, rules: EventRules(capacity: draft.capacity, price: draft.priceStars, settings: settings), conn)
            return try store.find(id, conn)!
        }
        return Reply.json(["event": staffJSON(event, call)])
    }

    func delete(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        guard try pool.withConnection({ try store.delete(id, $0) }) else { throw Self.eventNotFound }
        return Reply.noContent()
    }

    /// Refunds a paid ticket: `refundStarPayment` first, then — once Telegram agreed — the
    /// registration is cancelled, its seat freed and the waitlist moved up, in one transaction.
    /// Repeating it answers the refunded registration; Telegram's `refunded_payment` converges too.
    func refund(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let eventID = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let id = try pathID(call.params["registration"], notFound: Self.registrationNotFound)
        let (after, _) = try refundTicket(id, eventID: eventID, tenant: call.tenant, now: call.now)
        return Reply.json([
            "registration": [
                "id": .int(id), "status": .string(after.status.rawValue),
                "refunded_at": after.refundedAt.map { .string(Instant.format($0)) } ?? .null,
            ]
        ])
    }

    static let registrationNotFound = AreaError.notFound(code: "registration_not_found", message: "no such registration")

    /// The refund itself (also for the payments endpoint): the registration afterwards, and
    /// whether this call refunded it (false: refunded already, or by a racing request meanwhile).
    func refundTicket(_ id: Int64, eventID: Int64, tenant: LiveTenant, now: Date) throws -> (ticket: TicketFacts, refunded: Bool) {
        let store = EventStore(schema: tenant.schema)
        let (facts, payer) = try pool.withConnection { conn in
            (
                try store.ticket(id, conn),
                try conn.query(
                    """
                    SELECT p.telegram_id FROM \(fragment: store.registrations) r
                    JOIN \(ident: tenant.schema).participants p ON p.id = r.participant_id WHERE r.id = \(id)
                    """
                ).first?.decode(Int64.self, 0)
            )
        }
        guard let facts, facts.eventID == eventID, let payer else { throw Self.registrationNotFound }
        var refunded = false
        if facts.refundedAt == nil {
            guard facts.status == .registered, let charge = facts.chargeID else {
                throw AreaError.conflict(
                    code: "registration_not_refundable", message: "only paid tickets can be refunded (this one is \(facts.status.rawValue))")
            }
            refunded = try StarRefund(botAPI: botAPI, logger: logger).refundOnce(
                tenant, payer: payer, charge: charge, subject: ("registration", .int(id)), pool: pool,
                pending: { try store.ticket(id, $0)?.refundedAt == nil },
                record: { conn in
                    // The event, then the payment row: the order Telegram's `refunded_payment`
                    // update locks them in (UpdateProcessor), so the two never deadlock.
                    guard let event = try store.find(eventID, forUpdate: true, conn), let locked = try store.ticket(id, forUpdate: true, conn)
                    else { return }
                    _ = try store.refundTicket(
                        locked, rules: EventRules(event, settings: Self.settings(tenant.blueprint, event.section)), now: now, conn)
                    try conn.execute(
                        """
                        UPDATE \(ident: tenant.schema).payments SET refunded_at = coalesce(refunded_at, \(now))
                        WHERE telegram_payment_charge_id = \(charge)
                        """)
                })
        }
        return (try pool.withConnection { try store.ticket(id, $0) }!, refunded)
    }

    func registrations(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        let list = try pool.withConnection { conn -> [JSONValue]? in
            guard try store.find(id, conn) != nil else { return nil }
            return try store.registrationList(eventID: id, conn)
        }
        guard let list else { throw Self.eventNotFound }
        return Reply.json(["registrations": .array(list)])
    }
}
