import Foundation
import HTTP
import Postgres
import Sections
import Tenancy

/// Authenticates admin calls: `Authorization: Bearer tsr_…`, a staff token that is not revoked and
/// belongs to the tenant named in the path.
public struct StaffAuthenticator: Sendable {
    let pool: PostgresPool
    let registry: TenantRegistry
    let store = StaffTokenStore()

    public init(pool: PostgresPool, registry: TenantRegistry) {
        self.pool = pool
        self.registry = registry
    }

    /// Why an admin call was refused; renders as `{"error":{"code","message"}}`.
    public enum Failure: Error, Sendable {
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

    /// The tenant and staff member of an admin call. A token of another tenant is refused with
    /// 403 whether or not the path's tenant exists, so tokens cannot probe for tenants.
    public func authenticate(_ request: HTTPRequest, slug: String, now: Date) throws(Failure) -> (LiveTenant, StaffPrincipal) {
        guard let header = request.headers["Authorization"], !header.isEmpty else { throw .missing }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { throw .schemeUnsupported }
        let raw = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let principal: StaffPrincipal?
        do {
            principal = try pool.withConnection { try store.authenticate(raw, now: now, $0) }
        } catch {
            throw .unavailable
        }
        guard let principal else { throw .invalid }
        guard let tenant = registry.tenant(slug), tenant.id == principal.tenantID else { throw .otherTenant }
        guard tenant.status == .active else { throw .suspended(slug) }
        return (tenant, principal)
    }
}
