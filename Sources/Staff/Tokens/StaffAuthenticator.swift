import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy

/// Authenticates admin calls: `Authorization: Bearer tsr_…`, a staff token that is not revoked and
/// belongs to the tenant named in the path.
public struct StaffAuthenticator: StaffAuthenticating {
    let pool: PostgresPool
    let registry: TenantRegistry
    let store = StaffTokenStore()

    public init(pool: PostgresPool, registry: TenantRegistry) {
        self.pool = pool
        self.registry = registry
    }

    /// The tenant and staff member of an admin call. A token of another tenant is refused with
    /// 403 whether or not the path's tenant exists, so tokens cannot probe for tenants.
    public func authenticate(_ request: HTTPRequest, slug: String, now: Date) throws(StaffAuthFailure) -> (LiveTenant, StaffPrincipal) {
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
