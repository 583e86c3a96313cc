import HTTP
import Kernel
import Postgres
import TesseraJSON

/// `GET /healthz` (the process is up) and `GET /readyz` (the database answers; `degraded` when
/// hot reload has fallen back to the poll).
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
                var body: JSONObject = ["status": "ready", "tenants": .int(Int64(live)), "failed_tenants": .int(Int64(failed))]
                if let watch = context.registry.watchStatus {
                    body["listener"] = .string(watch.listening ? watch.hearing.rawValue : "disconnected")
                    // Degraded, still ready: a deaf listener delays changes to the poll, it breaks no request.
                    if watch.listening, watch.hearing == .deaf {
                        body["status"] = "degraded"
                        body["reason"] = .string(
                            "the LISTEN connection hears no notifications (behind a transaction-pooling PgBouncer?): changes take up to the poll interval; set TESSERA_LISTEN_DATABASE_URL to a direct connection")
                    }
                }
                return HTTPResponse.json(JSONValue.object(body).serialized())
            } catch {
                return APIError.unavailable("database unreachable").response
            }
        }
    }
}
