import Foundation
import HTTP
import Tenancy

/// Authenticates staff calls for the tenant in the path (the Staff area implements it).
public protocol StaffAuthenticating: Sendable {
    /// The tenant and staff member of a call, or why it is refused.
    func authenticate(_ request: HTTPRequest, slug: String, now: Date) throws(StaffAuthFailure) -> (LiveTenant, StaffPrincipal)
}

/// Why an admin call was refused; renders as `{"error":{"code","message"}}`.
public enum StaffAuthFailure: Error, Sendable {
    case missing, schemeUnsupported, invalid, otherTenant, suspended(String), unavailable

    public var response: HTTPResponse {
        switch self {
        case .missing: unauthorized("token_missing", "send Authorization: Bearer <staff token>")
        case .schemeUnsupported: unauthorized("auth_scheme_unsupported", "the Authorization scheme must be Bearer")
        case .invalid: unauthorized("token_invalid", "the staff token is unknown or revoked")
        case .otherTenant: .error(status: 403, code: "forbidden", message: "this token does not give access to this tenant")
        case .suspended(let slug): APIError.tenantSuspended(slug).response
        case .unavailable: APIError.unavailable("database unavailable, retry shortly").response
        }
    }

    private func unauthorized(_ code: String, _ message: String) -> HTTPResponse {
        var response = HTTPResponse.error(status: 401, code: code, message: message)
        response.headers.add(name: "WWW-Authenticate", value: "Bearer")
        return response
    }
}

