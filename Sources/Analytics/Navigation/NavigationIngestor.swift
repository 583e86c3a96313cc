import Foundation
import Postgres
import TesseraLog

/// Write-behind buffer for navigation events: requests hand their batch over and return; a
/// flusher thread writes everything buffered for a tenant with one `INSERT … SELECT FROM unnest`
/// per chunk, so there is no round trip per event or per request.
///
/// Trade-off, by design: events accepted but not yet flushed (at most `flushInterval`, 200 ms by
/// default) are lost if the process is killed; a graceful stop flushes them. Navigation analytics
/// tolerate that; money never goes through here.
public final class NavigationIngestor: @unchecked Sendable {  // Sendable: all state is guarded by `condition`.
    public struct Statistics: Sendable, Equatable {
        public var accepted: Int
        public var written: Int
        public var dropped: Int
        public var buffered: Int
    }

    private let pool: PostgresPool
    private let logger: Logger?
    private let flushInterval: TimeInterval
    private let chunkSize: Int
    private let maxBuffered: Int
    private let condition = NSCondition()
    private var buffers: [Identifier: [RecordedNavigationEvent]] = [:]
    private var bufferedCount = 0
    private var statistics = Statistics(accepted: 0, written: 0, dropped: 0, buffered: 0)
    private var running = false
    private var stopped = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    public init(pool: PostgresPool, flushInterval: TimeInterval = 0.2, chunkSize: Int = 5_000, maxBuffered: Int = 500_000, logger: Logger? = nil) {
        self.pool = pool
        self.flushInterval = flushInterval
        self.chunkSize = chunkSize
        self.maxBuffered = maxBuffered
        self.logger = logger
    }

    /// Buffers `events` for the tenant schema. Returns false (nothing buffered) when the buffer is
    /// full because the database has been unreachable for a while: callers answer 503.
    public func submit(_ events: [RecordedNavigationEvent], schema: Identifier) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard bufferedCount + events.count <= maxBuffered, !stopped else { return false }
        buffers[schema, default: []].append(contentsOf: events)
        bufferedCount += events.count
        statistics.accepted += events.count
        if bufferedCount >= chunkSize { condition.signal() }
        return true
    }

    public var currentStatistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        var s = statistics
        s.buffered = bufferedCount
        return s
    }

    /// Starts the flusher thread.
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !running else { return }
        running = true
        let thread = Thread { [self] in self.loop() }
        thread.name = "tessera-nav-flush"
        thread.start()
        self.thread = thread
    }

    /// Stops accepting, flushes what is buffered, and waits for the flusher to finish.
    public func stop() {
        condition.lock()
        let wasRunning = running
        stopped = true
        condition.signal()
        condition.unlock()
        if wasRunning { finished.wait() } else { try? flush() }
    }

    /// Writes everything buffered now (tests and shutdown).
    public func flush() throws {
        condition.lock()
        let batches = buffers
        buffers = [:]
        bufferedCount = 0
        condition.unlock()
        var failure: Error?
        for (schema, events) in batches {
            do {
                try write(events, schema: schema)
            } catch {
                failure = error
                requeue(events, schema: schema)
            }
        }
        if let failure { throw failure }
    }

    private func loop() {
        var backoff = flushInterval
        while true {
            condition.lock()
            if !stopped && bufferedCount < chunkSize {
                _ = condition.wait(until: Date().addingTimeInterval(backoff))
            }
            let stopping = stopped
            condition.unlock()
            do {
                try flush()
                backoff = flushInterval
            } catch {
                logger?.error("navigation events flush failed", [("error", .string(String(describing: error)))])
                backoff = min(backoff * 2, 5)
                if stopping { break }
            }
            if stopping { break }
        }
        finished.signal()
    }

    private func requeue(_ events: [RecordedNavigationEvent], schema: Identifier) {
        condition.lock()
        defer { condition.unlock() }
        let room = max(0, maxBuffered - bufferedCount)
        let kept = events.suffix(room)
        statistics.dropped += events.count - kept.count
        buffers[schema, default: []].insert(contentsOf: kept, at: 0)
        bufferedCount += kept.count
    }

    private func write(_ events: [RecordedNavigationEvent], schema: Identifier) throws {
        var start = 0
        while start < events.count {
            let chunk = events[start..<min(start + chunkSize, events.count)]
            _ = try pool.execute(
                """
                INSERT INTO \(ident: schema).nav_events (participant_id, kind, screen, target, occurred_at, props)
                SELECT p, k, s, t, to_timestamp(a / 1000.0), j::jsonb
                FROM unnest(\(PostgresArray(chunk.map(\.participantID)))::bigint[], \(PostgresArray(chunk.map { Optional($0.event.kind) }))::text[],
                            \(PostgresArray(chunk.map(\.event.screen)))::text[], \(PostgresArray(chunk.map(\.event.target)))::text[],
                            \(PostgresArray(chunk.map { Int64(($0.event.occurredAt.timeIntervalSince1970 * 1_000).rounded()) }))::bigint[],
                            \(PostgresArray(chunk.map(\.event.properties)))::text[]) AS x(p, k, s, t, a, j)
                """)
            condition.lock()
            statistics.written += chunk.count
            condition.unlock()
            start += chunk.count
        }
    }
}
