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
}
