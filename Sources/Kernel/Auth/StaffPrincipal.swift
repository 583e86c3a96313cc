/// A staff member's role in one tenant; what each may do is `allows(_:)`, the role table.
public enum StaffRole: String, Sendable, CaseIterable {
    case owner, manager, support, analyst
}

/// Who made a staff call: a staff API token, or a person signed in to the back office.
public enum StaffActor: Sendable, Hashable {
    case token(Int64)
    case person(Int64)

    /// `staff_token:<id>` or `staff_person:<id>`: how ledgers and logs name the actor.
    public var reference: String {
        switch self {
        case .token(let id): "staff_token:\(id)"
        case .person(let id): "staff_person:\(id)"
        }
    }
}

/// The staff member behind an authenticated admin call.
public struct StaffPrincipal: Sendable, Equatable {
    public var actor: StaffActor
    public var tenantID: Int64
    public var role: StaffRole
    public var name: String

    public init(actor: StaffActor, tenantID: Int64, role: StaffRole, name: String) {
        self.actor = actor
        self.tenantID = tenantID
        self.role = role
        self.name = name
    }
}
