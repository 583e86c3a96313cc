/// A staff member's role in one tenant; what each may do is `allows(_:)`, the role table.
public enum StaffRole: String, Sendable, CaseIterable {
    case owner, manager, support, analyst
}

/// The staff member behind an authenticated admin call.
public struct StaffPrincipal: Sendable, Equatable {
    public var tokenID: Int64
    public var tenantID: Int64
    public var role: StaffRole
    public var name: String

    public init(tokenID: Int64, tenantID: Int64, role: StaffRole, name: String) {
        self.tokenID = tokenID
        self.tenantID = tenantID
        self.role = role
        self.name = name
    }
}
