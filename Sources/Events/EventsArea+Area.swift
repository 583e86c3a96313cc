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
    }

    public var name: String { "events" }
    public var liveSectionTypes: Set<SectionType> { [.events] }
    public var paymentRoutes: [PaymentRoute] { [PaymentRoute(prefix: TicketRules.prefix, handler: payments)] }

    /// Fills the upcoming and past card lists (with the caller's status). The registration form is
    /// left out: it belongs on each event's own screen, where it is aimed at that event.
    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] {
        var filled: [JSONValue] = []
        for component in components {
            guard case .object(var object) = component else {
                filled.append(component)
                continue
            }
            switch (object["type"]?.stringValue, object["source"]?.stringValue) {
            case ("card_list", let source?) where source == "events.upcoming" || source == "events.past":
                let settings = section.eventsSettings ?? EventsSettings()
                let list = try listEvents(call, section: section.id, upcoming: source == "events.upcoming", limit: Self.screenEvents)
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
