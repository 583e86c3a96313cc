import Analytics
import Foundation
import HTTP
import Kernel
import TesseraJSON

/// `POST /api/v1/{tenant}/events`: the mini app reports screen views and taps in small batches;
/// the answer comes after the batch's group commit (`NavigationIngestor`).
enum NavigationEventRoutes {
    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.POST, "/api/v1/{tenant}/events") { request, params in
            EndUserRoutes.handle(request, params, context) { (tenant, _, participant, now) throws(APIError) -> HTTPResponse in
                let events: [NavigationEvent]
                switch Result(catching: { () throws(NavigationBatch.Problem) in try NavigationBatch.parse(request.body, now: now) }) {
                case .success(let parsed): events = parsed
                case .failure(let problem): return validationFailed(problem)
                }
                let recorded = events.map { RecordedNavigationEvent(participantID: participant.id, event: $0) }
                // 202 only once the events are committed; every refusal means nothing was stored.
                switch context.navigation.submit(recorded, schema: tenant.schema) {
                case .stored: return .json(Array("{\"accepted\":\(events.count)}".utf8), status: 202)
                case .overloaded: throw .unavailable("too many analytics events waiting to be stored, retry later")
                case .failed(unavailable: true): throw .unavailable("database unavailable, retry shortly")
                case .failed(unavailable: false): throw .internalError
                }
            }
        }
    }

    static func validationFailed(_ problem: NavigationBatch.Problem) -> HTTPResponse {
        let body: JSONValue = [
            "error": [
                "code": "validation_failed", "message": .string(problem.description),
                "details": [["field": .string(problem.field), "message": .string(problem.message)]],
            ]
        ]
        return .json(body.serialized(), status: 422)
    }
}
