import CLibPQ
import Foundation
import TesseraLog

/// A bounded pool of `PostgresConnection`s, safe to share between threads.
///
/// Before handing out a connection that sat idle longer than `idleCheckInterval`, whose socket
/// shows unexpected input (e.g. the server's "terminating connection" message) or whose
/// `PQstatus` is bad, the pool pings it and replaces it with a fresh connection if the ping
/// fails; so a PostgreSQL restart costs callers at most the statements that were in flight.
/// Connections older than `maxLifetime` are closed and replaced (bounding per-backend caches).
public final class PostgresPool: @unchecked Sendable {
    public let configuration: PostgresConfiguration
    public let maxConnections: Int
    public let maxLifetime: TimeInterval
    public let acquireTimeout: TimeInterval
    public let idleCheckInterval: TimeInterval
    private let logger: Logger?
    private let executor: BlockingExecutor

    // `idle`, `openCount` and `isClosed` are guarded by `condition` (lock + condition variable);
    // that is what makes this class Sendable. Connections in `idle` are touched by no thread.
    private let condition = NSCondition()
    private var idle: [Entry] = []
    private var openCount = 0
    private var isClosed = false

    /// A pooled connection plus the timestamps the pool's policies need.
    private final class Entry {
        let connection: PostgresConnection
        let createdAt: Double
        var releasedAt: Double

        init(connection: PostgresConnection) {
            self.connection = connection
            self.createdAt = MonotonicClock.now()
            self.releasedAt = createdAt
        }
    }

    /// Creates a pool; connections are opened lazily, on demand.
    /// - Parameters:
    ///   - maxConnections: upper bound on open connections; callers beyond it wait.
    ///   - maxLifetime: seconds after which a connection is closed and replaced.
    ///   - acquireTimeout: seconds to wait for a free connection before throwing `.poolTimeout`.
    ///   - idleCheckInterval: a connection idle longer than this is pinged before use.
    public init(
        configuration: PostgresConfiguration, maxConnections: Int = 10, maxLifetime: TimeInterval = 1800,
        acquireTimeout: TimeInterval = 10, idleCheckInterval: TimeInterval = 5, logger: Logger? = nil
    ) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.maxLifetime = maxLifetime
        self.acquireTimeout = acquireTimeout
        self.idleCheckInterval = idleCheckInterval
        self.logger = logger
        self.executor = BlockingExecutor(maxThreads: max(1, maxConnections), name: "tessera-pg")
    }

    deinit {
        executor.shutdown()
    }

    /// Open connections (in use or idle) and idle ones, for metrics and tests.
    public var statistics: (open: Int, idle: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (openCount, idle.count)
    }

    /// Borrows a connection for the duration of `body`. A transaction `body` leaves open is rolled back.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let entry = try acquire()
        defer { release(entry) }
        return try body(entry.connection)
    }

    /// Runs `body` in a transaction on a pooled connection (see `PostgresConnection.transaction`).
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in try connection.transaction(body) }
    }

    /// Runs one statement on a pooled connection and returns its rows.
    public func query(_ sql: SQL) throws(PostgresError) -> PostgresResult {
        let entry = try acquire()
        defer { release(entry) }
        return try entry.connection.query(sql)
    }

    /// Runs one statement on a pooled connection and returns the number of affected rows.
    @discardableResult
    public func execute(_ sql: SQL) throws(PostgresError) -> Int {
        let entry = try acquire()
        defer { release(entry) }
        return try entry.connection.execute(sql)
    }

    /// For async callers: runs `body` with a pooled connection on one of the pool's dedicated
    /// threads (never on the cooperative pool) and resumes with its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let accepted = executor.submit { [self] in
                continuation.resume(with: Result { try self.withConnection(body) })
            }
            if !accepted {
                continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "connection pool is closed"))
            }
        }
    }

    /// Closes idle connections now and in-use ones when they are released; later calls throw `.poolClosed`.
    public func close() {
        condition.lock()
        isClosed = true
        var closing = idle
        idle.removeAll()
        openCount -= closing.count
        condition.broadcast()
        condition.unlock()
        // Dropping the last references closes the connections (PQfinish, a network write) here,
        // outside the lock.
        closing.removeAll()
        executor.shutdown()
    }

    // MARK: - Acquire and release

    private func acquire() throws(PostgresError) -> Entry {
        let deadline = Date(timeIntervalSinceNow: acquireTimeout)
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw PostgresError(kind: .poolClosed, message: "connection pool is closed")
            }
            if let entry = idle.popLast() {
                condition.unlock()
                return try prepare(entry)
            }
            if openCount < maxConnections {
                openCount += 1
                condition.unlock()
                return try openNew()
            }
            if !condition.wait(until: deadline), idle.isEmpty, openCount >= maxConnections, !isClosed {
                condition.unlock()
                throw PostgresError(
                    kind: .poolTimeout,
                    message: "no connection available within \(acquireTimeout) s (max \(maxConnections) in use)")
            }
        }
    }

    /// Opens a connection for a slot already counted in `openCount`; gives the slot back on failure.
    private func openNew() throws(PostgresError) -> Entry {
        do {
            return Entry(connection: try PostgresConnection(configuration: configuration))
        } catch {
            giveBackSlot()
            logger?.warning(
                "postgres connect failed",
                [("host", .string(configuration.host ?? "")), ("error", .string(error.message))])
            throw error
        }
    }

    /// Makes an idle connection ready to hand out: recycles old ones, checks suspicious ones.
    private func prepare(_ entry: Entry) throws(PostgresError) -> Entry {
        let now = MonotonicClock.now()
        if now - entry.createdAt > maxLifetime {
            logger?.debug("postgres connection recycled", [("age_s", .double(now - entry.createdAt))])
            return try openNew()
        }
        let suspicious =
            !entry.connection.isConnected || now - entry.releasedAt > idleCheckInterval
            || Self.hasUnexpectedInput(entry.connection)
        if suspicious && !entry.connection.ping() {
            logger?.warning("postgres connection lost; reconnecting", [("host", .string(configuration.host ?? ""))])
            return try openNew()
        }
        return entry
    }

    private func release(_ entry: Entry) {
        let connection = entry.connection
        let now = MonotonicClock.now()
        var keep = connection.isConnected && now - entry.createdAt <= maxLifetime
        if keep && (connection.isInTransaction || connection.transactionDepth > 0) {
            keep = (try? connection.simpleQuery("ROLLBACK")) != nil
            connection.transactionDepth = 0
        }
        entry.releasedAt = now
        condition.lock()
        if keep && !isClosed {
            idle.append(entry)
        } else {
            openCount -= 1
        }
        condition.signal()
        condition.unlock()
    }

    private func giveBackSlot() {
        condition.lock()
        openCount -= 1
        condition.signal()
        condition.unlock()
    }

    /// An idle connection's socket should be silent; readable means the server sent something
    /// (typically a FATAL "terminating connection" before closing) or closed it.
    private static func hasUnexpectedInput(_ connection: PostgresConnection) -> Bool {
        let fd = PQsocket(connection.handle)
        guard fd >= 0 else { return true }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) != 0
    }
}
