import Foundation
import Postgres
import TesseraJSON

/// The runner's statements on one schema's `jobs` table. Each is one autocommitted statement: a
/// lease is taken and settled in short transactions of its own, never held while a handler runs.
struct JobTable {
    let schema: Identifier

    /// A lease a runner holds: the job plus what proves the lease is still its own.
    struct Lease {
        var job: Job?
        /// Set when the row could not be turned into a `Job` (a kind or payload that does not parse).
        var unreadable: String?
        var id: Int64
        var attempt: Int
        var maxAttempts: Int
    }

    /// Leases the oldest due job (`run_at <= cutoff`, or now): `running`, attempts + 1, until `lease` seconds from now.
    func leaseNext(runner: String, lease: Double, cutoff: Date?, _ conn: PostgresConnection) throws -> Lease? {
        let rows = try conn.query(
            """
            UPDATE \(ident: schema).jobs
            SET state = 'running', attempts = attempts + 1, leased_by = \(runner),
                lease_until = now() + make_interval(secs => \(lease))
            WHERE id = (
                SELECT id FROM \(ident: schema).jobs
                WHERE state = 'queued' AND run_at <= coalesce(\(cutoff)::timestamptz, now())
                ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, payload::text, attempts, max_attempts, dedupe_key, created_at
            """)
        guard let row = rows.first else { return nil }
        let id = try row.decode(Int64.self, 0)
        let attempt = try row.decode(Int.self, 3)
        let maxAttempts = try row.decode(Int.self, 4)
        var lease = Lease(job: nil, unreadable: nil, id: id, attempt: attempt, maxAttempts: maxAttempts)
        do {
            let kind = try JobKind(try row.decode(String.self, 1))
            let payload = try JSONParser.parse(try row.decode(String.self, 2))
            lease.job = Job(
                id: id, kind: kind, schema: schema, payload: payload, attempt: attempt, maxAttempts: maxAttempts,
                dedupeKey: try row.decode(String?.self, 5), createdAt: try row.decode(Date.self, 6))
        } catch {
            lease.unreadable = "the job row cannot be read: \(error)"
        }
        return lease
    }

    /// Settles a lease. False when the lease was no longer this runner's (it expired and the job
    /// was taken again or reaped): then nothing changes.
    @discardableResult
    func settle(_ lease: Lease, runner: String, outcome: JobOutcome, _ conn: PostgresConnection) throws -> Bool {
        let guardClause: SQL =
            "id = \(lease.id) AND state = 'running' AND attempts = \(lease.attempt) AND leased_by = \(runner)"
        let cleared = "lease_until = NULL, leased_by = NULL"
        let changed: Int
        switch outcome {
        case .done:
            changed = try conn.execute(
                """
                UPDATE \(ident: schema).jobs SET state = 'done', finished_at = now(), \(unsafeRaw: cleared)
                WHERE \(fragment: guardClause)
                """)
        case .retry(let after, let reason):
            let text = JobErrorText.sanitize("attempt \(lease.attempt) of \(lease.maxAttempts): \(reason)")
            changed = try conn.execute(
                """
                UPDATE \(ident: schema).jobs
                SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                    run_at = CASE WHEN attempts >= max_attempts THEN run_at
                                  ELSE now() + make_interval(secs => \(max(0, after))) END,
                    last_error = \(text), \(unsafeRaw: cleared)
                WHERE \(fragment: guardClause)
                """)
        case .fail(let reason):
            let text = JobErrorText.sanitize(
                "attempt \(lease.attempt) of \(lease.maxAttempts) failed for good: \(reason)")
            changed = try conn.execute(
                """
                UPDATE \(ident: schema).jobs SET state = 'dead', finished_at = now(), last_error = \(text), \(unsafeRaw: cleared)
                WHERE \(fragment: guardClause)
                """)
        }
        return changed == 1
    }

    /// Jobs whose lease expired (their runner crashed or hangs) go back to `queued` — their
    /// `run_at` unchanged, so they are due at once and first in line — or `dead` when that was
    /// their last attempt. Returns how many were reaped.
    @discardableResult
    func reapExpiredLeases(_ conn: PostgresConnection) throws -> Int {
        try conn.execute(
            """
            UPDATE \(ident: schema).jobs
            SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                last_error = 'attempt ' || attempts || ' of ' || max_attempts || ': the lease of runner '
                             || leased_by || ' expired before it finished (crashed or stuck)',
                lease_until = NULL, leased_by = NULL
            WHERE id IN (
                SELECT id FROM \(ident: schema).jobs WHERE state = 'running' AND lease_until < now()
                FOR UPDATE SKIP LOCKED)
            """)
    }

    /// Seconds from now until the next job becomes due or the next lease of another runner expires
    /// (≤ 0: already); nil when there is neither.
    ///
    /// `runner`'s own leases do not count: the worker holding one settles it and then asks again
    /// itself, so a sibling that counted it would keep the schema due until the lease's end for
    /// nothing. A lease of its own that expires (a stuck handler) is taken back by the full pass.
    func secondsUntilNextEvent(excludingLeasesOf runner: String, _ conn: PostgresConnection) throws -> Double? {
        try conn.query(
            """
            SELECT extract(epoch FROM least(
                (SELECT min(run_at) FROM \(ident: schema).jobs WHERE state = 'queued'),
                (SELECT min(lease_until) FROM \(ident: schema).jobs
                 WHERE state = 'running' AND leased_by IS DISTINCT FROM \(runner))) - now())::float8
            """
        ).first?.decode(Double?.self, 0)
    }
}
