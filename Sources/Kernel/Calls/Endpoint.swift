import HTTP

/// One route of a business area. The area says who may call it; AppAPI authenticates the caller
/// and hands the handler a call that cannot exist without that authentication.
public enum Endpoint: Sendable {
    /// Under `/api/v1/{tenant}/…`, for the tenant's Telegram users (`Authorization: tma …`).
    case participant(HTTPMethod, String, @Sendable (ParticipantCall) throws -> HTTPResponse)
    /// Under `/admin/api/v1/{tenant}/…`, for the tenant's staff (`Authorization: Bearer tsr_…`),
    /// whose role must allow `StaffPermission` (checked before the handler runs).
    case staff(HTTPMethod, String, StaffPermission, @Sendable (StaffCall) throws -> HTTPResponse)
    /// Anywhere else, with no authentication by the router: the back office's sign-in and session
    /// routes (`/office/api/…`), which check what they need themselves.
    case open(HTTPMethod, String, @Sendable (OpenCall) throws -> HTTPResponse)

    public var method: HTTPMethod {
        switch self {
        case .participant(let m, _, _), .staff(let m, _, _, _), .open(let m, _, _): m
        }
    }

    public var pattern: String {
        switch self {
        case .participant(_, let p, _), .staff(_, let p, _, _), .open(_, let p, _): p
        }
    }

    /// What a staff route needs; nil for participant routes.
    public var permission: StaffPermission? {
        if case .staff(_, _, let permission, _) = self { permission } else { nil }
    }
}
