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
    /// A back-office session is unknown, signed out or expired.
    case sessionExpired
    /// A state-changing call with a session cookie lacks the session's `X-CSRF-Token`.
    case csrfFailed
    /// A state-changing call with a session cookie comes from another site (`Sec-Fetch-Site`, `Origin`).
    case originMismatch

    public var response: HTTPResponse {
        switch self {
        case .missing: unauthorized("token_missing", "send Authorization: Bearer <staff token>, or sign in to the back office")
        case .sessionExpired: unauthorized("session_expired", "the back-office session has expired or was signed out; sign in again")
        case .csrfFailed:
            .error(status: 403, code: "csrf_failed", message: "send the session's CSRF token in X-CSRF-Token with every change")
        case .originMismatch:
            .error(status: 403, code: "origin_mismatch", message: "changes made with the session cookie must come from this site's pages")
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

