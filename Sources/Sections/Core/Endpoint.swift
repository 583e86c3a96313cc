import Foundation
import HTTP
import Tenancy

/// An end-user call that passed `tma` authentication: the live tenant and the participant.
public struct ParticipantCall: Sendable {
    public var request: HTTPRequest
    public var params: RouteParameters
    public var tenant: LiveTenant
    public var participantID: Int64
    public var tags: Set<String>
    /// The caller's resolved locale (one of the blueprint's locales).
    public var locale: String
    public var now: Date

    public init(
        request: HTTPRequest, params: RouteParameters, tenant: LiveTenant, participantID: Int64, tags: Set<String>,
        locale: String, now: Date
    ) {
        self.request = request
        self.params = params
        self.tenant = tenant
        self.participantID = participantID
        self.tags = tags
        self.locale = locale
        self.now = now
    }
}

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
    public func requireOwner(_ action: String) throws(SectionError) {
        guard staff.role == .owner else {
            throw SectionError.forbidden(
                code: "forbidden_role",
                message: "\(action) requires an owner token; this token's role is \(staff.role.rawValue)")
        }
    }
}

/// One route of a business area. The area says who may call it; AppAPI authenticates the caller
/// and hands the handler a call that cannot exist without that authentication.
public enum Endpoint: Sendable {
    /// Under `/api/v1/{tenant}/…`, for the tenant's Telegram users (`Authorization: tma …`).
    case participant(HTTPMethod, String, @Sendable (ParticipantCall) throws -> HTTPResponse)
    /// Under `/admin/api/v1/{tenant}/…`, for the tenant's staff (`Authorization: Bearer tsr_…`).
    case staff(HTTPMethod, String, @Sendable (StaffCall) throws -> HTTPResponse)

    public var method: HTTPMethod {
        switch self {
        case .participant(let m, _, _), .staff(let m, _, _): m
        }
    }

    public var pattern: String {
        switch self {
        case .participant(_, let p, _), .staff(_, let p, _): p
        }
    }
}
