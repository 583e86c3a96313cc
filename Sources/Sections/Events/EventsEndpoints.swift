import Blueprint
import Foundation
import HTTP
import Postgres
import TesseraJSON

/// Events: listings, event screens, registration and cancellation for end users; event
/// management and registration lists for staff.
public struct EventsArea: Sendable {
    let pool: PostgresPool
    static let listLimit = (default: 50, max: 200)

    public init(pool: PostgresPool) { self.pool = pool }

    public var endpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/events", list),
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/events/{event}", event),
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/events/{event}/registrations", register),
            .participant(.DELETE, "/api/v1/{tenant}/sections/{section}/events/{event}/registrations/me", cancel),
            .participant(.GET, "/api/v1/{tenant}/me/registrations", own),
            .staff(.GET, "/admin/api/v1/{tenant}/events", staffList),
            .staff(.POST, "/admin/api/v1/{tenant}/events", create),
            .staff(.GET, "/admin/api/v1/{tenant}/events/{event}", show),
            .staff(.PATCH, "/admin/api/v1/{tenant}/events/{event}", update),
            .staff(.DELETE, "/admin/api/v1/{tenant}/events/{event}", delete),
            .staff(.GET, "/admin/api/v1/{tenant}/events/{event}/registrations", registrations),
        ]
    }

    static let eventNotFound = SectionError.notFound(code: "event_not_found", message: "no such event")

    static func settings(_ blueprint: Blueprint, _ section: String) -> EventsSettings {
        blueprint.section(id: section)?.eventsSettings ?? EventsSettings()
    }

    // MARK: end users

    func list(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let when = call.request.queryValue("when") ?? "upcoming"
        guard when == "upcoming" || when == "past" else { throw SectionError.invalid("when", "expected upcoming or past") }
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let events = try listEvents(call, section: section.id, upcoming: when == "upcoming", limit: limit)
        return Reply.json([
            "events": .array(events.map { $0.json(EventRules($0, settings: settings), now: call.now, own: true) }),
            "items": .array(events.map { $0.card(EventRules($0, settings: settings), locale: call.locale, now: call.now) }),
        ])
    }

    func listEvents(_ call: ParticipantCall, section: String, upcoming: Bool, limit: Int) throws -> [Event] {
        let store = EventStore(schema: call.tenant.schema)
        return try pool.withConnection { conn in
            try store.list(section: section, upcoming: upcoming, now: call.now, participantID: call.participantID, limit: limit, conn)
        }
    }

    /// One event with its screen: details, the caller's status, and the registration form or a
    /// cancel button.
    func event(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .events)
        let settings = section.eventsSettings ?? EventsSettings()
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        guard let event = try pool.withConnection({ try store.find(id, section: section.id, participantID: call.participantID, $0) }) else {
            throw Self.eventNotFound
        }
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
        if let badge = event.badge(rules, locale: locale, now: call.now) ?? (rules.capacity == nil ? Texts.unlimited.text(locale) : nil) {
            components.append(["type": "text", "text": .string(badge), "style": "caption"])
        }
        let registrationPath = "/api/v1/{tenant}/sections/\(section.id)/events/\(event.id)/registrations"
        if let mine = event.mine {
            components.append(["type": "text", "text": .string(Self.message(mine, rules, locale: locale)), "style": "body"])
            if event.isOpen(now: call.now) {
                components.append([
                    "type": "button", "text": .string(Texts.cancelRegistration.text(locale)), "style": "secondary",
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
            components.append(["type": "text", "text": .string(Texts.registrationClosed.text(locale)), "style": "caption"])
        }
        if let link = event.link {
            components.append([
                "type": "button", "text": .string(Texts.openLink.text(locale)), "style": "secondary",
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
        case .registered: Texts.registeredMessage.text(locale)
        case .waitlisted: Texts.waitlistedMessage.text(locale, n: registration.waitlistRank ?? 1)
        case .pendingPayment: Texts.pendingPaymentMessage.text(locale, n: Int64(rules.price ?? 0))
        case .cancelled: Texts.cancelledMessage.text(locale)
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
        let rules = event.map { EventRules($0, settings: settings) } ?? EventRules(capacity: nil, price: nil, settings: settings)
        return Reply.json(
            [
                "registration": registration.json(), "message": .string(Self.message(registration, rules, locale: call.locale)),
                "event": event.map { $0.json(rules, now: call.now, own: true) } ?? .null,
            ], status: 201)
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
        let rules = event.map { EventRules($0, settings: settings) } ?? EventRules(capacity: nil, price: nil, settings: settings)
        return Reply.json([
            "message": .string(Texts.cancelledMessage.text(call.locale)),
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
            throw SectionError.invalid("when", "expected upcoming or past")
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
        let id = try pathID(call.params["event"], notFound: Self.eventNotFound)
        let store = EventStore(schema: call.tenant.schema)
        guard try pool.withConnection({ try store.delete(id, $0) }) else { throw Self.eventNotFound }
        return Reply.noContent()
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
