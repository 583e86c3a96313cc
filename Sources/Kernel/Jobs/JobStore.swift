import Foundation
import Postgres

/// Staff's view of one tenant's jobs: lists, counts, retry of dead letters, cancel, pruning.
/// Plain values in and out; every method runs one statement on the caller's connection.
public struct JobStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) {
        self.schema = schema
    }

    /// Jobs newest first (by id), optionally of one state and kind; `before` is the previous page's cursor.
    public func list(
        state: JobState? = nil, kind: JobKind? = nil, before: Int64? = nil, limit: Int = 50, on conn: PostgresConnection
    ) throws -> JobPage {
        guard (1...500).contains(limit) else { throw JobError.invalidLimit(limit) }
        var conditions: [SQL] = ["TRUE"]
        if let state { conditions.append("state = \(state.rawValue)") }
        if let kind { conditions.append("kind = \(kind.rawValue)") }
        if let before { conditions.append("id < \(before)") }
        let rows = try conn.query(
            """
            SELECT \(fragment: JobRecord.columns) FROM \(ident: schema).jobs
            WHERE \(fragment: SQL.join(conditions, separator: " AND "))
            ORDER BY id DESC LIMIT \(limit + 1)
            """)
        var jobs = try rows.map { try JobRecord(row: $0) }
        var next: Int64?
        if jobs.count > limit {
            jobs.removeLast()
            next = jobs.last?.id
        }
        return JobPage(jobs: jobs, nextCursor: next)
    }

    /// One job, or nil.
    public func job(id: Int64, on conn: PostgresConnection) throws -> JobRecord? {
        try conn.query("SELECT \(fragment: JobRecord.columns) FROM \(ident: schema).jobs WHERE id = \(id)")
            .first.map { try JobRecord(row: $0) }
    }

    /// How many jobs are in each state (every state present, 0 when none).
    public func counts(on conn: PostgresConnection) throws -> [JobState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        for row in try conn.query("SELECT state, count(*) FROM \(ident: schema).jobs GROUP BY state") {
            if let state = JobState(rawValue: try row.decode(String.self, 0)) {
                counts[state] = try row.decode(Int.self, 1)
            }
        }
        return counts
    }

    /// Gives a dead job a new set of attempts: `queued`, due now, attempts 0 (last_error is kept).
    public func retry(id: Int64, on conn: PostgresConnection) throws -> JobChange {
        try change(
            id: id, from: .dead,
            set: "state = 'queued', attempts = 0, run_at = now(), finished_at = NULL", notify: true, on: conn)
    }

    /// Withdraws a queued job: `cancelled`, never run (a running one cannot be stopped).
    public func cancel(id: Int64, on conn: PostgresConnection) throws -> JobChange {
        try change(id: id, from: .queued, set: "state = 'cancelled', finished_at = now()", notify: false, on: conn)
    }

    /// Deletes finished jobs: done and cancelled ones older than `doneOlderThan` seconds, dead
    /// ones older than `deadOlderThan`; at most `limit` rows per call. Returns how many went.
    @discardableResult
    public func prune(
        doneOlderThan: Double, deadOlderThan: Double, limit: Int = 10_000, on conn: PostgresConnection
    ) throws -> Int {
        try conn.execute(
            """
            DELETE FROM \(ident: schema).jobs WHERE id IN (
                SELECT id FROM \(ident: schema).jobs
                WHERE finished_at < now() - make_interval(secs => \(min(doneOlderThan, deadOlderThan)))
                  AND ((state IN ('done', 'cancelled') AND finished_at < now() - make_interval(secs => \(doneOlderThan)))
                       OR (state = 'dead' AND finished_at < now() - make_interval(secs => \(deadOlderThan))))
                LIMIT \(limit))
            """)
    }

    private func change(
        id: Int64, from expected: JobState, set assignments: String, notify: Bool, on conn: PostgresConnection
    ) throws -> JobChange {
        let notification: SQL = notify ? ", pg_notify(\(JobQueue.channel), \(schema.raw))" : ""
        let rows = try conn.query(
            """
            WITH changed AS (
                UPDATE \(ident: schema).jobs SET \(unsafeRaw: assignments)
                WHERE id = \(id) AND state = \(expected.rawValue)
                RETURNING \(fragment: JobRecord.columns))
            SELECT *\(fragment: notification) FROM changed
            """)
        if let row = rows.first { return .changed(try JobRecord(row: row)) }
        guard let current = try job(id: id, on: conn) else { return .notFound }
        return .wrongState(current.state)
    }
}
