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
                let live = context.registry.all.count
                let failed = context.registry.failureCount
                // Not ready when tenants exist but none can be served (a wrong master key, say).
                guard live > 0 || failed == 0 else {
                    return APIError.unavailable("no tenant can be loaded (\(failed) failed; see the logs)").response
                }
                return HTTPResponse.json(Array(#"{"status":"ready","tenants":\#(live),"failed_tenants":\#(failed)}"#.utf8))
            } catch {
                return APIError.unavailable("database unreachable").response
            }
        }
    }
}
