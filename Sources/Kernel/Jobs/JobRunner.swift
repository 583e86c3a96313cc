import Foundation
import Postgres
import TesseraLog

/// Runs the jobs of every tenant schema with the handlers registered by kind.
///
/// Any number of runners (threads of one process, or processes) share the queue: a job is taken
/// with `FOR UPDATE SKIP LOCKED` and leased for `Settings.lease`; settling it checks the lease is
/// still the runner's own, so a job runs at least once and, unless a lease expires mid-run,
/// exactly once. A handler that throws is retried with capped, jittered exponential back-off;
/// after `max_attempts` the job is `dead` (a dead letter staff can retry through `JobStore`), as is
/// a job whose kind no handler here knows.
///
/// `start` runs `Settings.concurrency` worker threads of its own (handlers may block on libpq and
/// the Bot API, so never on Swift concurrency's cooperative pool). Workers wake when a schema's
/// next job is due, on `NOTIFY tessera_jobs` (from `start(listenOn:)`'s listener, or `wake` called
/// by a listener the caller owns), and every `pollInterval` for every schema. `runDue` drives the
/// queue on the calling thread instead, for tests and one-off commands.
public final class JobRunner: @unchecked Sendable {
    public let pool: PostgresPool
    public let settings: Settings
    /// Who holds a lease: `host:pid:random`, shown to staff in `leased_by`.
    public let runnerID: String
    private let schemas: @Sendable () -> [Identifier]
    private let logger: Logger?

    // Everything below is guarded by `condition` (a lock and the workers' wake-up signal); that is
    // what makes the class Sendable. Handlers run outside the lock.
    private let condition = NSCondition()
    private var handlers: [JobKind: any JobHandler] = [:]
    /// When each schema should next be looked at (`systemUptime`, a monotonic clock).
    private var due: [Identifier: Double] = [:]
    private var nextFullPass = -Double.infinity
    private var nextPrune = -Double.infinity
    private var pruneDue: Set<Identifier> = []
    private var state: RunState = .idle
    private var workers = 0
    private var passesInProgress = 0
    private var totals = Summary()
    private var listener: PostgresListener?

    private enum RunState { case idle, running, stopping }

    /// Jobs one worker runs from one schema before it looks at the others again.
    static let jobsPerPass = 20

    /// - Parameter schemas: the tenant schemas to serve, asked on every full pass and wake-up
    ///   (e.g. the live tenants' schemas), so Kernel needs to know nothing of tenancy.
    public init(
        pool: PostgresPool, settings: Settings = Settings(), logger: Logger? = nil,
        schemas: @escaping @Sendable () -> [Identifier]
    ) {
        self.pool = pool
        self.settings = settings.normalized
        self.logger = logger
        self.schemas = schemas
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        self.runnerID = "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// Registers (or replaces) the handler for `kind`.
    public func register(_ kind: JobKind, _ handler: any JobHandler) {
        condition.lock()
        handlers[kind] = handler
        condition.unlock()
    }

    /// Registers a closure as the handler for `kind`.
    public func register(_ kind: JobKind, _ body: @escaping @Sendable (Job) throws -> JobOutcome) {
        register(kind, ClosureJobHandler(body))
    }

    /// The kinds with a handler, sorted.
    public var kinds: [JobKind] {
        condition.lock()
        defer { condition.unlock() }
        return handlers.keys.sorted { $0.rawValue < $1.rawValue }
    }

    // MARK: - Driving it by hand

    /// What one `runDue` did.
    public struct Summary: Sendable, Equatable {
        public var done = 0
        /// Attempts that failed and were rescheduled.
        public var retried = 0
        /// Jobs that became dead letters.
        public var dead = 0
        /// Expired leases taken back.
        public var reaped = 0
        /// Leases that were no longer this runner's when the handler finished.
        public var lost = 0

        public init() {}

        public var ran: Int { done + retried + dead + lost }

        mutating func add(_ other: Summary) {
            done += other.done
            retried += other.retried
            dead += other.dead
            reaped += other.reaped
            lost += other.lost
        }
    }

    /// Everything this runner did since it was made (`runDue` and the worker threads), for metrics.
    public var statistics: Summary {
        condition.lock()
        defer { condition.unlock() }
        return totals
    }

    /// Runs, on the calling thread, every job of every schema that is due when it starts (after
    /// taking back expired leases), until none is left; later retries wait for a later call.
    @discardableResult
    public func runDue() throws -> Summary {
        var summary = Summary()
        let cutoff = try pool.query("SELECT clock_timestamp()").first!.decode(Date.self, 0)
        for schema in schemas() {
            let table = JobTable(schema: schema)
            let reaped = try pool.withConnection { try table.reapExpiredLeases($0) }
            summary.reaped += reaped
            countReaped(reaped)
            while let lease = try pool.withConnection({
                try table.leaseNext(runner: runnerID, lease: settings.lease, cutoff: cutoff, $0)
            }) {
                try execute(lease, in: table, summary: &summary)
            }
        }
        return summary
    }

    /// Runs one leased job, settles it, and counts the result in `summary` and `statistics`.
    private func execute(_ lease: JobTable.Lease, in table: JobTable, summary: inout Summary) throws {
        var delta = Summary()
        defer {
            summary.add(delta)
            condition.lock()
            totals.add(delta)
            condition.unlock()
        }
        try execute(lease, in: table, counting: &delta)
    }

    private func execute(_ lease: JobTable.Lease, in table: JobTable, counting summary: inout Summary) throws {
        let outcome: JobOutcome
        if let job = lease.job {
            condition.lock()
            let handler = handlers[job.kind]
            let known = handlers.keys.map(\.rawValue).sorted()
            condition.unlock()
            if let handler {
                do {
                    outcome = try handler.run(job)
                } catch {
                    outcome = .retry(
                        after: settings.backoff.delay(afterAttempt: job.attempt), reason: JobErrorText.describe(error))
                }
            } else {
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                outcome = .fail(
                    reason: "no handler for job kind \"\(job.kind)\" in this process (known kinds: \(list))")
            }
        } else {
            outcome = .fail(reason: lease.unreadable ?? "the job row cannot be read")
        }
        let settled = try pool.withConnection { try table.settle(lease, runner: runnerID, outcome: outcome, $0) }
        guard settled else {
            summary.lost += 1
            logger?.warning(
                "job lease lost before the job finished",
                [
                    ("schema", .string(table.schema.raw)), ("job", .int(lease.id)),
                    ("attempt", .int(Int64(lease.attempt))),
                ])
            return
        }
        switch outcome {
        case .done: summary.done += 1
        case .retry(_, let reason):
            if lease.attempt >= lease.maxAttempts {
                summary.dead += 1
                logDead(lease, table, reason)
            } else {
                summary.retried += 1
            }
        case .fail(let reason):
            summary.dead += 1
            logDead(lease, table, reason)
        }
    }

    private func countReaped(_ count: Int) {
        guard count > 0 else { return }
        condition.lock()
        totals.reaped += count
        condition.unlock()
    }

    private func logDead(_ lease: JobTable.Lease, _ table: JobTable, _ reason: String) {
        logger?.warning(
            "job is dead",
            [
                ("schema", .string(table.schema.raw)), ("job", .int(lease.id)),
                ("kind", .string(lease.job?.kind.rawValue ?? "?")), ("attempts", .int(Int64(lease.attempt))),
                ("error", .string(JobErrorText.sanitize(reason))),
            ])
    }

    // MARK: - Threads

    /// Starts the worker threads (once), and a listener for `NOTIFY tessera_jobs` on `listenOn`
    /// (a direct or session-pooled connection: transaction pooling drops notifications). Without
    /// one, call `wake(schemaNamed:)` from a listener of your own, or rely on the poll.
    public func start(listenOn configuration: PostgresConfiguration? = nil) {
        condition.lock()
        guard state == .idle else {
            condition.unlock()
            return
        }
        state = .running
        workers = max(1, settings.concurrency)
        if let configuration {
            listener = PostgresListener(
                configuration: configuration, channels: [JobQueue.channel], logger: logger,
                onReconnect: { [weak self] in self?.wakeAll() },
                onNotification: { [weak self] _, payload in self?.wake(schemaNamed: payload) })
        }
        let listener = listener
        let count = workers
        condition.unlock()
        listener?.start()
        for index in 1...count {
            let thread = Thread { [self] in
                Thread.current.name = "tessera-jobs-\(index)"
                workerLoop()
            }
            thread.start()
        }
    }

    /// Stops taking jobs and waits for the jobs in progress to finish. Never call it from a handler.
    public func stop() {
        condition.lock()
        if state == .idle {
            condition.unlock()
            return
        }
        state = .stopping
        condition.broadcast()
        let listener = listener
        self.listener = nil
        condition.unlock()
        listener?.stop()
        condition.lock()
        while workers > 0 { condition.wait() }
        state = .idle
        due.removeAll()
        nextFullPass = -.infinity
        condition.unlock()
    }

    /// The listener `start(listenOn:)` made, for readiness checks (`hearing`, `waitUntilListening`).
    public var notificationListener: PostgresListener? {
        condition.lock()
        defer { condition.unlock() }
        return listener
    }

    private var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running
    }

    /// Whether the workers wait with nothing to look at before the next full pass: no schema due
    /// or being looked at (a job enqueued now is found only through its notification).
    public var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running && passesInProgress == 0 && due.isEmpty
            && ProcessInfo.processInfo.systemUptime < nextFullPass
    }

    /// What the workers have on: passes running now, and in how many seconds each schema is due
    /// (≤ 0: now). For tests of the bookkeeping behind `isIdle`.
    var workload: (passes: Int, dueIn: [Identifier: Double]) {
        condition.lock()
        defer { condition.unlock() }
        let now = ProcessInfo.processInfo.systemUptime
        return (passesInProgress, due.mapValues { $0 - now })
    }

    /// Looks at `schema` now (a NOTIFY said it has a new job). Names of schemas the provider does
    /// not list are ignored.
    public func wake(schemaNamed name: String) {
        guard Identifier.isValid(name), let schema = try? Identifier(name), schemas().contains(schema) else { return }
        schedule(schema, in: 0)
    }

    /// Looks at every schema now (after a reconnect of the listener: notifications may have been missed).
    public func wakeAll() {
        condition.lock()
        nextFullPass = -.infinity
        condition.broadcast()
        condition.unlock()
    }

    /// Makes `schema` due in `seconds` unless it is due earlier already.
    private func schedule(_ schema: Identifier, in seconds: Double) {
        let at = ProcessInfo.processInfo.systemUptime + max(0, seconds)
        condition.lock()
        if let existing = due[schema], existing <= at {
            condition.unlock()
            return
        }
        due[schema] = at
        condition.signal()
        condition.unlock()
    }

    private func workerLoop() {
        condition.lock()
        while state == .running {
            let now = ProcessInfo.processInfo.systemUptime
            if now >= nextFullPass {
                nextFullPass = now + settings.pollInterval
                let prune = now >= nextPrune
                if prune { nextPrune = now + settings.pruneInterval }
                condition.unlock()
                let all = schemas()
                condition.lock()
                for schema in all {
                    due[schema] = min(due[schema] ?? now, now)
                    if prune { pruneDue.insert(schema) }
                }
                condition.broadcast()
                continue
            }
            // A linear scan: one per pass, and a pass costs database round trips anyway.
            guard let (schema, at) = due.min(by: { $0.value < $1.value }), at <= now else {
                let next = min(nextFullPass, due.values.min() ?? .infinity)
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(0.001, next - now)))
                continue
            }
            due[schema] = nil
            let prune = pruneDue.remove(schema) != nil
            passesInProgress += 1
            condition.unlock()
            let again = pass(schema, prune: prune)
            if let again { schedule(schema, in: again) }
            condition.lock()
            passesInProgress -= 1
        }
        workers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// One look at a schema: prune if due, take back expired leases, then run its due jobs one
    /// after the other, at most `jobsPerPass` (so one busy tenant does not starve the others).
    /// Returns when to look again (nil: nothing is waiting there).
    private func pass(_ schema: Identifier, prune: Bool) -> Double? {
        let table = JobTable(schema: schema)
        do {
            if prune {
                let store = JobStore(schema: schema)
                let pruned = try pool.withConnection {
                    try store.prune(
                        doneOlderThan: settings.doneRetention, deadOlderThan: settings.deadRetention, on: $0)
                }
                if pruned > 0 {
                    logger?.info("jobs pruned", [("schema", .string(schema.raw)), ("rows", .int(Int64(pruned)))])
                }
            }
            let reaped = try pool.withConnection { try table.reapExpiredLeases($0) }
            countReaped(reaped)
            if reaped > 0 {
                logger?.warning(
                    "expired job leases taken back", [("schema", .string(schema.raw)), ("jobs", .int(Int64(reaped)))])
            }
            var summary = Summary()
            for index in 0..<Self.jobsPerPass {
                guard isRunning else { return nil }
                guard
                    let lease = try pool.withConnection({
                        try table.leaseNext(runner: runnerID, lease: settings.lease, cutoff: nil, $0)
                    })
                else { break }
                // There may be more: let an idle worker join in.
                if index == 0 { schedule(schema, in: 0) }
                try execute(lease, in: table, summary: &summary)
                if index == Self.jobsPerPass - 1 { return 0 }
            }
            // Nothing more was leasable: a due job or expired lease reported now is locked by
            // someone else for the moment (another runner's statement, an operator's
            // transaction), so look again shortly rather than spin.
            return try pool.withConnection { try table.secondsUntilNextEvent(excludingLeasesOf: runnerID, $0) }
                .map { max(0.05, $0) }
        } catch {
            logger?.warning(
                "job pass failed", [("schema", .string(schema.raw)), ("error", .string(JobErrorText.describe(error)))])
            return settings.errorDelay
        }
    }
}
