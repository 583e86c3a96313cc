import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

extension StaffArea {
    /// The tenant's background jobs for staff: the list with counts by state, and retrying a dead
    /// letter or cancelling a queued job (`docs/operations.md`, Jobs).
    var jobEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/jobs", .read(.jobs), listJobs),
            .staff(.POST, "/admin/api/v1/{tenant}/jobs/{job}/retry", .write(.jobs), retryJob),
            .staff(.POST, "/admin/api/v1/{tenant}/jobs/{job}/cancel", .write(.jobs), cancelJob),
        ]
    }

    static let jobPage = (default: 50, max: 200)
    static let jobNotFound = AreaError.notFound(code: "job_not_found", message: "no such job")

    func listJobs(_ call: StaffCall) throws -> HTTPResponse {
        let request = call.request
        let limit = try limitParameter(request.queryValue("limit"), default: Self.jobPage.default, max: Self.jobPage.max)
        var state: JobState?
        if let raw = request.queryValue("state") {
            guard let parsed = JobState(rawValue: raw) else {
                throw AreaError.invalid("state", "expected one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            state = parsed
        }
        var kind: JobKind?
        if let raw = request.queryValue("kind") {
            do { kind = try JobKind(raw) } catch { throw AreaError.invalid("kind", "expected a job kind such as bot.update") }
        }
        var before: Int64?
        if let cursor = request.queryValue("cursor") {
            guard let id = Int64(cursor), id > 0 else { throw AreaError.invalid("cursor", "expected the next_cursor of a previous page") }
            before = id
        }
        let store = JobStore(schema: call.tenant.schema)
        let (page, counts) = try pool.withConnection { conn in
            (try store.list(state: state, kind: kind, before: before, limit: limit, on: conn), try store.counts(on: conn))
        }
        var totals = JSONObject()
        for state in JobState.allCases { totals[state.rawValue] = .int(Int64(counts[state] ?? 0)) }
        return Reply.json([
            "jobs": .array(page.jobs.map(\.json)), "counts": .object(totals),
            "next_cursor": page.nextCursor.map { .string(String($0)) } ?? .null,
        ])
    }

    func retryJob(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        return try change(call, action: "retry") { store, id, conn in try store.retry(id: id, on: conn) }
    }

    func cancelJob(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        return try change(call, action: "cancel") { store, id, conn in try store.cancel(id: id, on: conn) }
    }

    func change(
        _ call: StaffCall, action: String, _ body: (JobStore, Int64, PostgresConnection) throws -> JobChange
    ) throws -> HTTPResponse {
        let id = try pathID(call.params["job"], notFound: Self.jobNotFound)
        let store = JobStore(schema: call.tenant.schema)
        switch try pool.withConnection({ try body(store, id, $0) }) {
        case .changed(let job): return Reply.json(["job": job.json])
        case .notFound: throw Self.jobNotFound
        case .wrongState(let state):
            let needs = action == "retry" ? "dead" : "queued"
            throw AreaError.conflict(code: "job_state", message: "only a \(needs) job can be \(action == "retry" ? "retried" : "cancelled"); this one is \(state.rawValue)")
        }
    }
}

extension JobRecord {
    var json: JSONValue {
        [
            "id": .int(id), "kind": .string(kind), "state": .string(state.rawValue), "payload": payload,
            "run_at": .string(Instant.format(runAt)), "attempts": .int(Int64(attempts)), "max_attempts": .int(Int64(maxAttempts)),
            "last_error": lastError.map(JSONValue.string) ?? .null, "created_at": .string(Instant.format(createdAt)),
            "finished_at": finishedAt.map { .string(Instant.format($0)) } ?? .null,
        ]
    }
}
