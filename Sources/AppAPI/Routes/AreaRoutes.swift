import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Registers the business areas' endpoints, each behind the authentication its audience needs:
/// `tma` initData for participants, a staff token for the tenant in the path for staff.
enum AreaRoutes {
    static func register(_ router: inout Router, _ context: AppContext) {
        let owned = context.areas.flatMap { area in area.endpoints.map { (area: area.name, endpoint: $0) } }
        let endpoints = owned.map(\.endpoint)
        for (area, endpoint) in owned {
            switch endpoint {
            case .participant(let method, let pattern, let handler):
                router.add(method, pattern) { request, params in
                    EndUserRoutes.handle(request, params, context) { tenant, data, participant, now in
                        let call = ParticipantCall(
                            request: request, params: params, tenant: tenant, participantID: participant.id,
                            initData: data,
                            tags: Set(participant.tags), locale: EndUserRoutes.locale(request, tenant, data), now: now)
                        return run(request, tenant: tenant.slug.rawValue, context) { try handler(call) }
                    }
                }
            case .open(let method, let pattern, let handler):
                let session = pattern.hasPrefix("/office/api/")
                router.add(method, pattern) { request, params in
                    let response = run(request, tenant: "", context) {
                        try handler(OpenCall(request: request, params: params, now: Date()))
                    }
                    return session ? APIHeaders.applied(to: response) : response
                }
            case .staff(let method, let pattern, let permission, let handler):
                let audit = StaffAudit(endpoint, among: endpoints)
                @Sendable func staffCall(_ request: HTTPRequest, _ params: RouteParameters) -> HTTPResponse {
                    let now = Date()
                    let slug = params["tenant"] ?? ""
                    let tenant: LiveTenant
                    let staff: StaffPrincipal
                    do throws(StaffAuthFailure) {
                        (tenant, staff) = try context.staffAuthenticator.authenticate(request, slug: slug, now: now)
                    } catch {
                        return error.response
                    }
                    guard staff.role.allows(permission) else { return forbidden(staff.role, permission).response }
                    let call = StaffCall(request: request, params: params, tenant: tenant, staff: staff, now: now)
                    let before = audit?.before(call)
                    let response = run(request, tenant: slug, context) { try handler(call) }
                    audit?.record(call, before: before, response: response, context: context)
                    // A staff write is committed by now: this process's live screens of the area show
                    // it on the next request (other servers hear of it from the content triggers).
                    if method != .GET, response.status < 400 { context.content.changed(tenant.schema, area: area) }
                    return response
                }
                router.add(method, pattern) { request, params in APIHeaders.applied(to: staffCall(request, params)) }
            }
        }
    }

    /// 403 `forbidden_role`: the role table does not give this role the route's permission.
    static func forbidden(_ role: StaffRole, _ permission: StaffPermission) -> AreaError {
        let allowed = StaffRole.allCases.filter { $0.allows(permission) }.map(\.rawValue).joined(separator: ", ")
        return .forbidden(
            code: "forbidden_role",
            message: "the \(role.rawValue) role may not \(permission.phrase); allowed for: \(allowed)")
    }

    static func run(_ request: HTTPRequest, tenant: String, _ context: AppContext, _ body: () throws -> HTTPResponse)
        -> HTTPResponse
    {
        ErrorRendering.run(request, tenant: tenant, logger: context.logger, body)
    }
}
