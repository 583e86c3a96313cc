import HTTP
import Postgres

/// `GET /healthz` (the process is up) and `GET /readyz` (the database answers).
enum HealthRoutes {
    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.GET, "/healthz") { _, _ in
            HTTPResponse.json(Array(#"{"status":"ok"}"#.utf8))
        }
        router.add(.GET, "/readyz") { _, _ in
            do {
                _ = try context.pool.query("SELECT 1")
                return HTTPResponse.json(Array(#"{"status":"ready"}"#.utf8))
            } catch {
                return APIError.unavailable("database unreachable").response
            }
        }
    }
}
