import HTTP
import Postgres
import TesseraLog

/// How every area route's errors become responses: the kernel's and areas' errors render as
/// themselves, an unreachable database as 503, text the database cannot store as 400
/// `invalid_text`, anything else as a 500 whose details go to the log only.
public enum ErrorRendering {
    public static func run(_ request: HTTPRequest, tenant: String, logger: Logger, _ body: () throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch let error as AreaError {
            return error.response
        } catch let error as APIError {
            return error.response
        } catch let error as any RenderableError {
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
                logger.error("database unavailable", fields)
                return APIError.unavailable("database unavailable, retry shortly").response
            }
            logger.error("request failed", fields)
            return APIError.internalError.response
        }
    }
}
