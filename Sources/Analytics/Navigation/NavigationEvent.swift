import Foundation

/// One thing a participant did in the mini app: a screen view or a tap on an action.
public struct NavigationEvent: Sendable, Equatable {
    /// `screen_view`, `action`, or another lowercase name (`^[a-z][a-z0-9_]{0,39}$`).
    public var kind: String
    /// The section id the participant was on.
    public var screen: String?
    /// What was tapped (an action's target, a product id…).
    public var target: String?
    /// When it happened, by the client's clock (bounded by the server, see `NavigationBatch`).
    public var occurredAt: Date
    /// Small free-form properties, serialised JSON object text.
    public var properties: String?

    public init(kind: String, screen: String?, target: String?, occurredAt: Date, properties: String?) {
        self.kind = kind
        self.screen = screen
        self.target = target
        self.occurredAt = occurredAt
        self.properties = properties
    }
}

/// A navigation event attributed to a participant of a tenant, ready to be stored.
public struct RecordedNavigationEvent: Sendable, Equatable {
    public var participantID: Int64
    public var event: NavigationEvent

    public init(participantID: Int64, event: NavigationEvent) {
        self.participantID = participantID
        self.event = event
    }
}
