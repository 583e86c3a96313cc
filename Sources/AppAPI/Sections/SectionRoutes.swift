import Foundation
import HTTP
import Postgres
import Sections
import Telegram
import Tenancy
import TesseraLog

/// Registers the business areas' endpoints, each behind the authentication its audience needs:
/// `tma` initData for participants, a staff token for the tenant in the path for staff.
enum SectionRoutes {
    static func register(_ router: inout Router, _ context: AppContext) {
        for endpoint in context.content.endpoints {
            switch endpoint {
            case .participant(let method, let pattern, let handler):
                router.add(method, pattern) { request, params in
                    EndUserRoutes.handle(request, params, context) { tenant, data, participant, now in
                        let call = ParticipantCall(
                            request: request, params: params, tenant: tenant, participantID: participant.id,
                            tags: Set(participant.tags), locale: EndUserRoutes.locale(request, tenant, data), now: now)
                        return run(request, tenant: tenant.slug.rawValue, context) { try handler(call) }
                    }
                }
            case .staff(let method, let pattern, let handler):
                router.add(method, pattern) { request, params in
                    let now = Date()
                    let slug = params["tenant"] ?? ""
                    let tenant: LiveTenant
                    let staff: StaffPrincipal
                    do throws(StaffAuthenticator.Failure) {
                        (tenant, staff) = try context.staffAuthenticator.authenticate(request, slug: slug, now: now)
                    } catch {
                        return error.response
                    }
                    let call = StaffCall(request: request, params: params, tenant: tenant, staff: staff, now: now)
                    return run(request, tenant: slug, context) { try handler(call) }
                }
            }
        }
    }

    /// Runs a handler, rendering its errors: area errors as themselves, an unreachable database
    /// as 503, text the database cannot store as 400 `invalid_text`, anything else as a 500 whose details go to the log only.
    static func run(_ request: HTTPRequest, tenant: String, _ context: AppContext, _ body: () throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch let error as SectionError {
            return error.response
        } catch let error as PostgresError where error.isUnstorableCharacter {
            // The router refuses NUL before any handler runs (NULGuard); this is the safety net.
            return APIError.unstorableText.response
        } catch {
            let fields: [(String, LogValue)] = [
                ("tenant", .string(tenant)), ("request_id", .string(request.requestID)), ("path", .string(request.path)),
                ("error", .string(String(describing: error))),
            ]
            if let pg = error as? PostgresError, [.connection, .poolTimeout, .poolClosed].contains(pg.kind) {
                context.logger.error("database unavailable", fields)
                return APIError.unavailable("database unavailable, retry shortly").response
            }
            context.logger.error("request failed", fields)
            return APIError.internalError.response
        }
    }
}
