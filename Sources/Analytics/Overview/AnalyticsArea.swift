import Foundation
import HTTP
import Kernel
import Postgres

/// Analytics as a business area: the back office's Overview (`GET /admin/api/v1/{tenant}/overview`).
/// Navigation-event intake stays in `NavigationIngestor`, which the composition root runs itself.
public struct AnalyticsArea: Area {
    let pool: PostgresPool

    public init(_ context: AreaContext) { pool = context.pool }

    public var name: String { "analytics" }

    public var endpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/overview", .read(.people), overview)]
    }

    /// `?range=today|7d|30d` (default 7d): audience, activity, sources, orders and revenue, dialogs.
    func overview(_ call: StaffCall) throws -> HTTPResponse {
        var range = OverviewRange.week
        if let raw = call.request.queryValue("range") {
            guard let chosen = OverviewRange(rawValue: raw) else {
                throw AreaError.invalid(
                    "range", "expected one of \(OverviewRange.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            range = chosen
        }
        let window = range.window(now: call.now)
        let store = OverviewStore(schema: call.tenant.schema)
        let report = try pool.withConnection { try store.report(window, now: call.now, $0) }
        return Reply.json(report.json(range: range, window: window, showMoney: call.staff.role.allows(.read(.finance))))
    }
}
