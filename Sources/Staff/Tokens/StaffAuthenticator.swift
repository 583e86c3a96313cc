import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy
import TesseraCrypto

/// Authenticates staff calls for the tenant in the path, two ways:
/// - `Authorization: Bearer tsr_…`: a staff API token that is not revoked and belongs to the tenant;
/// - the back office's session cookie (`tessera_session`): a live session of a person who is staff
///   of the tenant, with the role of their membership; a state-changing call must also send the
///   session's CSRF token in `X-CSRF-Token` (the cookie alone proves nothing a forged form could
///   not send) and come from the office's own pages (`BrowserOrigin`).
public struct StaffAuthenticator: StaffAuthenticating {
    let pool: PostgresPool
    let registry: TenantRegistry
    let accounts: StaffAccounts
    let store = StaffTokenStore()

    public init(pool: PostgresPool, registry: TenantRegistry, accounts: StaffAccounts) {
        self.pool = pool
        self.registry = registry
        self.accounts = accounts
    }

    /// The tenant and staff member of an admin call. A token of another tenant is refused with
    /// 403 whether or not the path's tenant exists, so tokens cannot probe for tenants.
    public func authenticate(_ request: HTTPRequest, slug: String, now: Date) throws(StaffAuthFailure) -> (
        LiveTenant, StaffPrincipal
    ) {
        guard let header = request.headers["Authorization"], !header.isEmpty else {
            guard let cookie = Cookies.value(SessionCookie.name, in: request.headers) else { throw .missing }
            return try authenticate(session: cookie, request, slug: slug, now: now)
        }
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

    func authenticate(session cookie: String, _ request: HTTPRequest, slug: String, now: Date) throws(StaffAuthFailure)
        -> (LiveTenant, StaffPrincipal)
    {
        let signedIn: StaffAccounts.Authenticated?
        do {
            signedIn = try accounts.authenticate(sessionToken: cookie, now: now)
        } catch {
            throw .unavailable
        }
        guard let signedIn else { throw .sessionExpired }
        if !request.method.isSafe {
            guard BrowserOrigin.isSameOrigin(request) else { throw .originMismatch }
            guard let sent = request.headers[SessionCookie.csrfHeader],
                ConstantTime.equals(Array(sent.utf8), Array(signedIn.session.csrfToken.utf8))
            else { throw .csrfFailed }
        }
        guard let tenant = registry.tenant(slug), let role = signedIn.role(inTenant: tenant.id) else {
            throw .otherTenant
        }
        guard tenant.status == .active else { throw .suspended(slug) }
        let name = signedIn.person.displayName.isEmpty ? signedIn.person.email : signedIn.person.displayName
        return (tenant, StaffPrincipal(actor: .person(signedIn.person.id), tenantID: tenant.id, role: role, name: name))
    }
}

/// The back office's session cookie and CSRF header.
public enum SessionCookie {
    public static let name = "tessera_session"
    public static let csrfHeader = "X-CSRF-Token"
}

extension HTTPMethod {
    /// GET, HEAD and OPTIONS change nothing (RFC 9110 §9.2.1), so they need no CSRF token.
    var isSafe: Bool { self == .GET || self == .HEAD || self == .OPTIONS }
}
