import Blueprint
import Foundation
import Kernel
import Tenancy
import TesseraJSON

extension EventsArea: Area {
    /// Events screens list at most this many upcoming (and past) events.
    static let screenEvents = 50

    public init(_ context: AreaContext) {
        self.init(pool: context.pool, botAPI: context.botAPI, logger: context.logger, simulatorURL: context.simulatorURL)
        registry = context.registry
        content = context.content
    }

    public var name: String { "events" }
    public var liveSectionTypes: Set<SectionType> { [.events] }
    public var paymentRoutes: [PaymentRoute] { [PaymentRoute(prefix: TicketRules.prefix, handler: payments)] }

    /// The upcoming and past card lists as everybody sees them (seats, prices), until the next
    /// listed event starts or ends; the caller's own statuses come as badges in `fillPersonal`.
    /// The registration form is left out: it belongs on each event's own screen.
    public func fillShared(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> SharedFill? {
        var changesAt: Date?
        let filled = try fill(components, section: section, call: call, shared: true) { event in
            for moment in [event.startsAt, event.endsAt ?? event.startsAt] where moment > call.now {
                changesAt = min(changesAt ?? moment, moment)
            }
        }
        return SharedFill(components: filled, changesAt: changesAt, personal: true)
    }

    /// The caller's status on the cards of the events they registered for.
    public func fillPersonal(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> PersonalFill {
        let settings = section.eventsSettings ?? EventsSettings()
        let own = try pool.withConnection { try EventStore(schema: call.tenant.schema).own(participantID: call.participantID, $0) }
        var personal = PersonalFill()
        for event in own where event.section == section.id {
            if let badge = event.badge(EventRules(event, settings: settings), locale: call.locale, now: call.now) {
                personal.items["event-\(event.id)"] = ["badge": .string(badge)]
            }
        }
        return personal
    }

    /// Fills the upcoming and past card lists with the caller's status.
    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] {
        try fill(components, section: section, call: call, shared: false) { _ in }
    }

    private func fill(
        _ components: [JSONValue], section: Section, call: ParticipantCall, shared: Bool, listed: (Event) -> Void
    ) throws -> [JSONValue] {
        var filled: [JSONValue] = []
        for component in components {
            guard case .object(var object) = component else {
                filled.append(component)
                continue
            }
            switch (object["type"]?.stringValue, object["source"]?.stringValue) {
            case ("card_list", let source?) where source == "events.upcoming" || source == "events.past":
                let settings = section.eventsSettings ?? EventsSettings()
                let list = try listEvents(
                    call, section: section.id, upcoming: source == "events.upcoming", limit: Self.screenEvents, shared: shared)
                list.forEach(listed)
                object["items"] = .array(list.map { $0.card(EventRules($0, settings: settings), locale: call.locale, now: call.now) })
            case ("form", _):
                continue
            default: break
            }
            filled.append(.object(object))
        }
        return filled
    }

    public func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool? {
        guard case .ticket(let registration, let event) = item else { return nil }
        return try refundTicket(registration, eventID: event, tenant: tenant, now: now).refunded
    }

    /// Seat offers to people moved up from the waitlist are jobs.
    public func registerJobs(on runner: JobRunner) {
        let registry = registry
        runner.register(SeatOffers.kind) { [seatOffers] job in
            guard let tenant = registry?.all.first(where: { $0.schema == job.schema }) else {
                return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
            }
            return try seatOffers.run(job, tenant: tenant)
        }
    }
}
