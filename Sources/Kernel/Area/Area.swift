import Blueprint
import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// A business area as the composition root sees it: its routes and the hooks through which it
/// takes part in what other areas and the bot do. Areas never import each other; they meet here.
/// Every member but `name` and `endpoints` has a do-nothing default.
public protocol Area: Sendable {
    /// Lowercase name for logs and docs (`shop`, `gamefi`).
    var name: String { get }
    /// The area's end-user and staff routes.
    var endpoints: [Endpoint] { get }
    /// Section types whose screens this area fills with live data on every request.
    var liveSectionTypes: Set<SectionType> { get }
    /// Fills the components of a rendered screen of `section` (a type in `liveSectionTypes`).
    func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue]
    /// Fills them with what every caller sees alike, to be cached under the area's content version
    /// (`ContentVersions`, the area's `name`); asked only for requests without a query. Nil when
    /// the screen depends on the caller, and `fill` then runs per request.
    func fillShared(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> SharedFill?
    /// The caller's own part of a screen whose shared fill has slots or per-caller badges
    /// (`SharedFill.personal`), fetched by the mini app after it paints the shared part;
    /// `components` are the screen's rendered (unfilled) components.
    func fillPersonal(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> PersonalFill
    /// Payments for the invoices this area issues, by payload prefix (`order:`, `ticket:`).
    var paymentRoutes: [PaymentRoute] { get }
    /// Reverses what a payment paid for, when the item is this area's; nil when it is not.
    func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool?
    /// Runs in an order refund's transaction (GameFi takes back purchase-quest rewards).
    var orderRefundHook: (any OrderRefundHook)? { get }
    /// A participant's first contact through the mini app.
    func participantJoined(tenant: LiveTenant, initData: InitData, participant: Int64, now: Date)
    /// A participant's message to the bot was stored, in the update's transaction (`MessageReceiving`).
    func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws
    /// A message in a supergroup the bot is in, in the update's transaction (Dialogs: the staff forum).
    func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws
    /// Finds staff members by their linked Telegram account; exactly one area (Staff) provides it.
    var staffByTelegram: (any StaffByTelegram)? { get }
    /// Writes staff changes made outside staff routes into the audit log; exactly one area (Staff) provides it.
    var staffAudit: (any StaffAuditing)? { get }
    /// Claims a `/start <payload>` before the bot intake treats it as a participant's (`StartCommandHandling`).
    func startCommand(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool
    /// A screen of `section` was served to `participant`.
    func screenServed(tenant: LiveTenant, section: String, participant: Int64)
    /// Whether serving that screen from memory, on an event loop, needs nothing of the area: true
    /// when `screenServed` would not touch the database. False sends the request to a worker,
    /// which calls `screenServed`. Never blocks.
    func screenServedWithoutWaiting(tenant: LiveTenant, section: String, participant: Int64) -> Bool
    /// Checks staff calls (tokens, sessions); exactly one area (Staff) provides it.
    var staffAuthenticator: (any StaffAuthenticating)? { get }
    /// Registers the handlers of the area's job kinds (`JobRunner`).
    func registerJobs(on runner: JobRunner)
    /// Starts the area's background threads (`tessera serve`); `stop` ends them.
    func start()
    func stop()
}

extension Area {
    public var liveSectionTypes: Set<SectionType> { [] }
    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] { components }
    public func fillShared(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> SharedFill? { nil }
    public func fillPersonal(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> PersonalFill {
        PersonalFill()
    }
    public var paymentRoutes: [PaymentRoute] { [] }
    public func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool? { nil }
    public var orderRefundHook: (any OrderRefundHook)? { nil }
    public func participantJoined(tenant: LiveTenant, initData: InitData, participant: Int64, now: Date) {}
    public func screenServed(tenant: LiveTenant, section: String, participant: Int64) {}
    public func screenServedWithoutWaiting(tenant: LiveTenant, section: String, participant: Int64) -> Bool { true }
    public func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {}
    public func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {}
    public var staffByTelegram: (any StaffByTelegram)? { nil }
    public var staffAudit: (any StaffAuditing)? { nil }
    public func startCommand(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool {
        false
    }
    public var staffAuthenticator: (any StaffAuthenticating)? { nil }
    public func registerJobs(on runner: JobRunner) {}
    public func start() {}
    public func stop() {}
}

/// An invoice-payload prefix and the area's part in payments for it.
public struct PaymentRoute: Sendable {
    public var prefix: String
    public var handler: any PaymentHandling

    public init(prefix: String, handler: any PaymentHandling) {
        self.prefix = prefix
        self.handler = handler
    }
}

/// What a Telegram Stars payment paid for, as the payments ledger links it.
public enum PaidItem: Sendable, Equatable {
    case order(Int64)
    case ticket(registration: Int64, event: Int64)
}

/// A live screen's components as every caller sees them, and the next instant they change without
/// a write (a scheduled post's time): the cache keeps them no longer than that. `personal` says
/// the screen has a caller's own part (`PersonalFill`) for the mini app to fetch after painting it.
public struct SharedFill: Sendable {
    public var components: [JSONValue]
    public var changesAt: Date?
    public var personal: Bool

    public init(components: [JSONValue], changesAt: Date?, personal: Bool = false) {
        self.components = components
        self.changesAt = changesAt
        self.personal = personal
    }
}
