import Foundation
import Postgres
import TesseraJSON

/// A row of `jobs` as staff see it.
public struct JobRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var state: JobState
    public var payload: JSONValue
    public var runAt: Date
    public var attempts: Int
    public var maxAttempts: Int
    /// Set while `running`.
    public var leaseUntil: Date?
    /// The runner holding the lease (`host:pid:random`), while `running`.
    public var leasedBy: String?
    /// The latest failure (kept after a later success or a retry by staff).
    public var lastError: String?
    public var dedupeKey: String?
    public var createdAt: Date
    public var finishedAt: Date?

    /// The select list `init(row:)` reads.
    static let columns = SQL(
        unsafe:
            "id, kind, state, payload::text, run_at, attempts, max_attempts, lease_until, leased_by, last_error, dedupe_key, created_at, finished_at"
    )

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, 0)
        kind = try row.decode(String.self, 1)
        let stateText = try row.decode(String.self, 2)
        guard let state = JobState(rawValue: stateText) else {
            throw PostgresError(kind: .decoding, message: "unknown job state \"\(stateText)\"")
        }
        self.state = state
        payload = (try? JSONParser.parse(try row.decode(String.self, 3))) ?? .null
        runAt = try row.decode(Date.self, 4)
        attempts = try row.decode(Int.self, 5)
        maxAttempts = try row.decode(Int.self, 6)
        leaseUntil = try row.decode(Date?.self, 7)
        leasedBy = try row.decode(String?.self, 8)
        lastError = try row.decode(String?.self, 9)
        dedupeKey = try row.decode(String?.self, 10)
        createdAt = try row.decode(Date.self, 11)
        finishedAt = try row.decode(Date?.self, 12)
    }
}

/// One page of a job list, newest first.
public struct JobPage: Sendable, Equatable {
    public var jobs: [JobRecord]
    /// Pass as `before` for the next page; nil on the last page.
    public var nextCursor: Int64?
}

/// What a staff action on one job did.
public enum JobChange: Sendable, Equatable {
    /// Done; the job as it is now.
    case changed(JobRecord)
    /// No job with that id in this schema.
    case notFound
    /// The job is in a state the action does not apply to (retry needs `dead`, cancel `queued`).
    case wrongState(JobState)
}
