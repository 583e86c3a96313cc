import Foundation
import HTTP
import Tenancy

/// An admin call that passed staff-token authentication for the tenant in its path.
public struct StaffCall: Sendable {
    public var request: HTTPRequest
    public var params: RouteParameters
    public var tenant: LiveTenant
    public var staff: StaffPrincipal
    public var now: Date

    public init(request: HTTPRequest, params: RouteParameters, tenant: LiveTenant, staff: StaffPrincipal, now: Date) {
        self.request = request
        self.params = params
        self.tenant = tenant
        self.staff = staff
        self.now = now
    }

    /// Refuses (403 `forbidden_role`) unless the token is an `owner` token. Money and deletions
    /// — refunds, manual point adjustments, deleting products, events and news — are the owner's.
    public func requireOwner(_ action: String) throws(AreaError) {
        guard staff.role == .owner else {
            throw AreaError.forbidden(
                code: "forbidden_role",
                message: "\(action) requires an owner token; this token's role is \(staff.role.rawValue)")
        }
    }
}
