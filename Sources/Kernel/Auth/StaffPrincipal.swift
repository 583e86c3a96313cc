/// What a staff token may do. Both roles manage content; `owner` is the tenant's principal
/// (reserved for settings, billing and token management as those arrive).
public enum StaffRole: String, Sendable, CaseIterable {
    case owner, manager
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
