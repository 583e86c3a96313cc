/// Settings of an `events` section: upcoming events with registration.
public struct EventsSettings: Sendable, Equatable {
    /// How participants register.
    public var registration: Registration
    /// Seats per event unless the event sets its own; `nil` = unlimited.
    public var capacityDefault: Int?
    /// Whether a full event accepts sign-ups to a waitlist (needs a capacity to mean anything).
    public var waitlist: Bool
    /// Whether events may sell tickets in Telegram Stars (needs registration enabled).
    public var paidTickets: Bool
    /// Ticket price in Stars unless the event sets its own; required when `paidTickets`.
    public var ticketPriceDefault: Int?
    /// Whether past events are listed below upcoming ones.
    public var showPast: Bool

    public init(registration: Registration = Registration(), capacityDefault: Int? = nil, waitlist: Bool = false, paidTickets: Bool = false, ticketPriceDefault: Int? = nil, showPast: Bool = false) {
        self.registration = registration
        self.capacityDefault = capacityDefault
        self.waitlist = waitlist
        self.paidTickets = paidTickets
        self.ticketPriceDefault = ticketPriceDefault
        self.showPast = showPast
    }
}

/// Registration settings of an events section.
public struct Registration: Sendable, Equatable {
    /// Whether participants can register at all (default true).
    public var enabled: Bool
    /// Fields the registration form asks for, in order (the Telegram profile supplies the rest).
    public var requiresFields: [RegistrationField]

    public init(enabled: Bool = true, requiresFields: [RegistrationField] = []) {
        self.enabled = enabled
        self.requiresFields = requiresFields
    }
}

/// A field an event registration form can require.
public enum RegistrationField: String, Sendable, CaseIterable {
    case name, email, phone, company, comment

    /// The form field kind the client renders.
    public var formKind: String {
        switch self {
        case .name, .company, .comment: "text"
        case .email: "email"
        case .phone: "phone"
        }
    }
}
