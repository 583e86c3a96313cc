import Foundation
import HTTP
import Telegram
import Tenancy

/// The end-user API's errors, each rendering itself as `{"error":{"code","message"}}`.
public enum APIError: Error, Sendable {
    case tenantNotFound(String)
    case tenantSuspended(String)
    case tenantUnavailable(String)
    case unauthorized(code: String, message: String)
    case screenNotFound(String)
    /// 403 `banned`: the tenant's staff banned the caller (until the date, or until lifted).
    case banned(until: Date?)
    case unavailable(String)
    /// The database refused a character in the request's text (SQLSTATE 22021/22P05).
    case unstorableText
    /// 400 `invalid_text` naming the signed launch field (`initData.user.first_name`) that holds a
    /// NUL: Telegram signs whatever the client sent, but no text column can store it.
    case launchFieldWithNUL(String)
    case internalError

    public var response: HTTPResponse {
        switch self {
        case .tenantNotFound(let slug):
            return .error(status: 404, code: "tenant_not_found", message: "no tenant \"\(slug)\"")
        case .tenantSuspended(let slug):
            return .error(status: 403, code: "tenant_suspended", message: "tenant \"\(slug)\" is suspended")
        case .tenantUnavailable(let slug):
            return .error(status: 503, code: "tenant_unavailable", message: "tenant \"\(slug)\" cannot be served right now")
        case .unauthorized(let code, let message):
            var response = HTTPResponse.error(status: 401, code: code, message: message)
            response.headers.add(name: "WWW-Authenticate", value: "tma")
            return response
        case .screenNotFound(let id):
            return .error(status: 404, code: "screen_not_found", message: "no visible section \"\(id)\" in this app")
        case .banned(let until):
            let when = until.map { "until \(Instant.format($0))" } ?? "until the ban is lifted"
            return .error(status: 403, code: "banned", message: "your access to this app is restricted \(when)")
        case .unavailable(let what):
            return .error(status: 503, code: "unavailable", message: what)
        case .unstorableText:
            return .error(status: 400, code: "invalid_text", message: "the request holds a character the database cannot store (U+0000)")
        case .launchFieldWithNUL(let field):
            return .invalidText(field: field, place: "initData field")
        case .internalError:
            return .error(status: 500, code: "internal_error", message: "internal error")
        }
    }

    /// 404 for an unknown tenant, 503 for one that exists but failed to load.
    public static func missingTenant(_ slug: String, _ registry: TenantRegistry) -> APIError {
        registry.failure(slug) == nil ? .tenantNotFound(slug) : .tenantUnavailable(slug)
    }

    public static func from(_ error: InitDataError) -> APIError {
        .unauthorized(code: error.code, message: error.message)
    }
}
