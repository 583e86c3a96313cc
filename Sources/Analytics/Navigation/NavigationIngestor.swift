import Foundation
import Postgres
import TesseraLog

/// Group commit for navigation events: a request's events join the current batch and the
/// request waits; a writer thread stores the whole batch with one `INSERT … SELECT FROM unnest`
/// per tenant and chunk and commits, then releases every request of that batch. So an
/// acknowledgement (`.stored`) means the events are committed, and there is still no round trip
/// per event or per request: while one batch is written, the next one gathers. The same
/// transaction keeps the daily visitor counts of the Overview (`ActiveDays`).
///
/// `.overloaded` and `.failed` mean nothing of that submission was stored (its transaction was
/// rolled back, or it never left the queue), so a client may retry without duplicating; a
/// response lost after the commit makes a retry store the events twice (at-least-once).
public final class NavigationIngestor: @unchecked Sendable {  // Sendable: all state is guarded by `condition`.
    /// What became of one submission.
    public enum Outcome: Sendable, Equatable {
        /// Committed.
        case stored
        /// Not stored: too many events are waiting, the commit did not start within the wait
        /// limit, or the ingestor is stopping. Retry later.
        case overloaded
        /// Not stored: the transaction holding the events failed (`unavailable`: the database
        /// cannot be reached).
        case failed(unavailable: Bool)
    }

    public struct Statistics: Sendable, Equatable {
        /// Events submitted and committed.
        public var written: Int
        /// Events refused (queue full, stopping, waited too long) or whose transaction failed.
        public var refused: Int
        /// Committed transactions.
        public var commits: Int
        /// Events waiting for a writer now.
        public var queued: Int
    }

    /// One request's events, waiting for their commit.
    private final class Submission {
        let schema: Identifier
        let events: [RecordedNavigationEvent]
        var outcome: Outcome?
        var taken = false
        init(schema: Identifier, events: [RecordedNavigationEvent]) {
            self.schema = schema
            self.events = events
        }
    }

    private let pool: PostgresPool
    private let logger: Logger?
    private let chunkSize: Int
    private let maxBatch: Int
    private let maxQueued: Int
    private let maxWait: TimeInterval
    private let writerCount: Int
    private let condition = NSCondition()
    private var queue: [Submission] = []
    private var queuedCount = 0
    private var statistics = Statistics(written: 0, refused: 0, commits: 0, queued: 0)
    private var writersRunning = 0
    private var busyWriters = 0
    private var started = false
    private var stopped = false

    /// - Parameters:
    ///   - chunkSize: rows per INSERT statement.
    ///   - maxBatch: events a writer takes into one batch (whole submissions; at least one).
    ///   - maxQueued: events that may wait for a writer; beyond it submissions are `.overloaded`.
    ///   - maxWait: how long a submission waits for a writer to take it before it is withdrawn
    ///     (`.overloaded`); once taken it waits for the outcome of its transaction.
    ///   - writers: writer threads (each holds a pool connection while writing).
    public init(
        pool: PostgresPool, chunkSize: Int = 5_000, maxBatch: Int = 20_000, maxQueued: Int = 100_000,
        maxWait: TimeInterval = 5,
        writers: Int = 2, logger: Logger? = nil
    ) {
        self.pool = pool
        self.chunkSize = chunkSize
        self.maxBatch = maxBatch
        self.maxQueued = maxQueued
        self.maxWait = maxWait
        self.writerCount = max(1, writers)
        self.logger = logger
    }

    /// Stores `events` for the tenant schema with the next group commit and returns once that
    /// commit succeeded or failed. Blocks the calling thread (an HTTP worker), never the
    /// cooperative pool. Starts the writers on first use.
    public func submit(_ events: [RecordedNavigationEvent], schema: Identifier) -> Outcome {
        guard !events.isEmpty else { return .stored }
        let submission = Submission(schema: schema, events: events)
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, queuedCount + events.count <= maxQueued else {
            statistics.refused += events.count
            return .overloaded
        }
        startLocked()
        queue.append(submission)
        queuedCount += events.count
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: maxWait)
        while submission.outcome == nil {
            if submission.taken {
                condition.wait()
            } else if !condition.wait(until: deadline), !submission.taken, submission.outcome == nil {
                // No writer took it in time (the database is slow): withdraw, so "not stored" stays true.
                if let index = queue.firstIndex(where: { $0 === submission }) {
                    queue.remove(at: index)
                    queuedCount -= events.count
                }
                statistics.refused += events.count
                return .overloaded
            }
        }
        return submission.outcome!
    }

    /// Whether a writer is storing a batch right now.
    public var isWriting: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busyWriters > 0
    }

    public var currentStatistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        var s = statistics
        s.queued = queuedCount
        return s
    }

    /// Starts the writer threads (also done by the first `submit`).
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        startLocked()
    }

    /// Blocks until every submission made so far has its outcome.
    public func flush() {
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || busyWriters > 0 { condition.wait() }
    }

    /// Refuses new submissions, writes what is queued, and waits for the writers to finish.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while writersRunning > 0 { condition.wait() }
        condition.unlock()
    }

    private func startLocked() {
        guard !started, !stopped else { return }
        started = true
        for index in 0..<writerCount {
            writersRunning += 1
            let thread = Thread { [self] in self.writerLoop() }
            thread.name = "tessera-nav-writer-\(index)"
            thread.start()
        }
    }

    private func writerLoop() {
        condition.lock()
        while true {
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty { break }
            var batch: [Submission] = []
            var events = 0
            while let next = queue.first, batch.isEmpty || events + next.events.count <= maxBatch {
                queue.removeFirst()
                next.taken = true
                batch.append(next)
                events += next.events.count
            }
            queuedCount -= events
            busyWriters += 1
            condition.unlock()
            let outcomes = write(batch)
            condition.lock()
            busyWriters -= 1
            for (schema, outcome) in outcomes {
                for submission in batch where submission.schema == schema {
                    submission.outcome = outcome
                    if outcome == .stored {
                        statistics.written += submission.events.count
                    } else {
                        statistics.refused += submission.events.count
                    }
                }
                if outcome == .stored { statistics.commits += 1 }
            }
            condition.broadcast()
        }
        writersRunning -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// One transaction per tenant schema, so one tenant's failure (a schema being deleted) does
    /// not fail the others' events.
    private func write(_ batch: [Submission]) -> [(Identifier, Outcome)] {
        var order: [Identifier] = []
        var bySchema: [Identifier: [RecordedNavigationEvent]] = [:]
        for submission in batch {
            if bySchema[submission.schema] == nil { order.append(submission.schema) }
            bySchema[submission.schema, default: []].append(contentsOf: submission.events)
        }
        return order.map { schema in
            do {
                try insert(bySchema[schema]!, schema: schema)
                return (schema, .stored)
            } catch {
                let unavailable =
                    (error as? PostgresError).map {
                        $0.kind == .connection || $0.kind == .poolTimeout || $0.kind == .poolClosed
                    } ?? false
                logger?.error(
                    "navigation events not stored",
                    [
                        ("schema", .string(schema.raw)), ("events", .int(Int64(bySchema[schema]!.count))),
                        ("error", .string(String(describing: error))),
                    ])
                return (schema, .failed(unavailable: unavailable))
            }
        }
    }

    private func insert(_ events: [RecordedNavigationEvent], schema: Identifier) throws {
        try pool.transaction { connection in
            var start = 0
            while start < events.count {
                let chunk = events[start..<min(start + chunkSize, events.count)]
                _ = try connection.execute(
                    """
                    INSERT INTO \(ident: schema).nav_events (participant_id, kind, screen, target, occurred_at, props)
                    SELECT p, k, s, t, to_timestamp(a / 1000.0), j::jsonb
                    FROM unnest(\(PostgresArray(chunk.map(\.participantID)))::bigint[], \(PostgresArray(chunk.map { Optional($0.event.kind) }))::text[],
                                \(PostgresArray(chunk.map(\.event.screen)))::text[], \(PostgresArray(chunk.map(\.event.target)))::text[],
                                \(PostgresArray(chunk.map { Int64(($0.event.occurredAt.timeIntervalSince1970 * 1_000).rounded()) }))::bigint[],
                                \(PostgresArray(chunk.map(\.event.properties)))::text[]) AS x(p, k, s, t, a, j)
                    """)
                start += chunk.count
            }
            try ActiveDays.record(events, schema: schema, connection)
        }
    }
}
