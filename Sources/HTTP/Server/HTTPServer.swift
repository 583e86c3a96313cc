import Foundation
import Glibc
import TesseraLog

/// An HTTP/1.1 server on raw sockets and epoll.
///
/// Event loops (`eventLoopThreads`) own the sockets, so idle keep-alive connections cost no
/// thread; complete requests go to a bounded pool of worker threads (`workerThreads`) where the
/// synchronous handler may block (e.g. on PostgreSQL). The worker writes the response itself.
///
/// An optional `inline` handler runs first, on the event loop that parsed the request: what it
/// answers (from memory, never blocking) is written at once, with no hand-off to a worker and no
/// wake-up; nil sends the request on to the pool. Cached screens are answered so, and never wait
/// behind handlers that block on the database.
public final class HTTPServer: Sendable {
    /// The configuration the server was created with.
    public let configuration: HTTPServerConfiguration
    let core: ServerCore
    private let lifecycle = LockedBox(Lifecycle())

    private struct Lifecycle {
        enum Phase { case idle, running, stopping, stopped }
        var phase = Phase.idle
        var boundPort = 0
        var listenFD: Int32 = -1
        var loops: [EventLoop] = []
        var loopsExited: CountdownLatch?
        var stoppedLatch = CountdownLatch(count: 1)
        var shutdownWakeFD: Int32 = -1
    }

    /// Creates a server; nothing is bound until `start()`.
    public init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        logger: Logger,
        inline: (@Sendable (HTTPRequest) -> HTTPResponse?)? = nil,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.configuration = configuration
        self.core = ServerCore(configuration: configuration, logger: logger, inline: inline, handler: handler)
    }

    /// Creates a server that dispatches through a router, its inline handlers on the event loops.
    public convenience init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(), logger: Logger, router: Router
    ) {
        self.init(
            configuration: configuration, logger: logger, inline: { router.respondInline(to: $0) },
            handler: { router.respond(to: $0) })
    }

    /// The port actually bound (useful with `port = 0`); 0 before `start()`.
    public var boundPort: Int { lifecycle.withLock { $0.boundPort } }

    /// Binds, listens and starts the threads; returns immediately.
    public func start() throws(HTTPServerError) {
        try lifecycle.withLock { (state) throws(HTTPServerError) in
            guard state.phase == .idle else { throw HTTPServerError(.invalidState, "HTTPServer.start() called twice") }
            let (fd, port) = try Listener.open(
                host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            var loops: [EventLoop] = []
            for index in 0..<max(1, configuration.eventLoopThreads) {
                do throws(HTTPServerError) {
                    loops.append(try EventLoop(index: index, core: core, listenFD: fd))
                } catch {
                    for loop in loops { loop.closeDescriptors() }
                    Glibc.close(fd)
                    throw error
                }
            }
            core.loops = loops
            core.startPool()
            let exited = CountdownLatch(count: loops.count)
            for loop in loops {
                let thread = Thread {
                    loop.run()
                    exited.countDown()
                }
                thread.name = "http-loop-\(loop.index)"
                thread.start()
            }
            state.listenFD = fd
            state.boundPort = port
            state.loops = loops
            state.loopsExited = exited
            state.phase = .running
        }
        core.logger.info(
            "http server started",
            [
                ("host", .string(configuration.host)), ("port", .int(Int64(boundPort))),
                ("event_loops", .int(Int64(configuration.eventLoopThreads))),
                ("workers", .int(Int64(configuration.workerThreads))),
            ])
    }

    /// Graceful shutdown: stops accepting, closes idle keep-alive connections, lets in-flight
    /// requests finish (their responses carry `Connection: close`), then closes everything still
    /// open once `gracePeriod` seconds have passed. Returns when the server has stopped; a second
    /// concurrent call waits for the first.
    public func shutdown(gracePeriod: Double = 10) {
        enum Action {
            case run([EventLoop], Int32, CountdownLatch, CountdownLatch, Int32)
            case wait(CountdownLatch)
            case none
        }
        let action: Action = lifecycle.withLock { state in
            switch state.phase {
            case .idle:
                state.phase = .stopped
                state.stoppedLatch.countDown()
                return .none
            case .running:
                state.phase = .stopping
                return .run(state.loops, state.listenFD, state.loopsExited!, state.stoppedLatch, state.shutdownWakeFD)
            case .stopping:
                return .wait(state.stoppedLatch)
            case .stopped:
                return .none
            }
        }
        switch action {
        case .none:
            return
        case .wait(let latch):
            latch.wait(untilMonotonic: .max)
            return
        case .run(let loops, let listenFD, let loopsExited, let stopped, let wakeFD):
            let deadline = MonotonicClock.deadline(after: gracePeriod)
            core.logger.info("http server shutting down", [("grace_period_s", .double(gracePeriod))])
            let drained = CountdownLatch(count: loops.count)
            for loop in loops { loop.post(.drain(drained)) }
            drained.wait(untilMonotonic: deadline)
            Glibc.close(listenFD)
            if !loopsExited.wait(untilMonotonic: deadline) {
                core.logger.warning("grace period over; closing remaining connections")
                for loop in loops { loop.post(.forceClose) }
                loopsExited.wait(untilMonotonic: .max)
            }
            // Handlers still running past the grace period are abandoned (their writes see a closed connection).
            core.stopPool(untilMonotonic: max(deadline, MonotonicClock.deadline(after: 0.1)))
            // Each loop holds the core; the core's list of loops would keep both alive, and with
            // them the handler and everything it captures. No loop thread reads it any more.
            core.loops = []
            lifecycle.withLock { state in
                state.phase = .stopped
                state.loops = []
            }
            if wakeFD >= 0 { Syscall.signalEventFD(wakeFD) }
            stopped.countDown()
            core.logger.info("http server stopped")
        }
    }

    func registerShutdownWake(_ fd: Int32) -> Bool {
        lifecycle.withLock { state in
            guard state.phase == .running else { return false }
            state.shutdownWakeFD = fd
            return true
        }
    }

    func unregisterShutdownWake() {
        lifecycle.withLock { $0.shutdownWakeFD = -1 }
    }
}

/// State shared by the event loops and workers of one server.
final class ServerCore: @unchecked Sendable {
    // Sendable because the `let`s are immutable, `pool` and `loops` are written once in `start()`
    // before any loop thread starts (thread start is a happens-before edge; `loops` is emptied
    // in `shutdown()` after every loop thread has exited), and `connectionCount`
    // is guarded by `countLock`.
    let configuration: HTTPServerConfiguration
    let logger: Logger
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    /// Runs on the event loop; a nil answer sends the request to a worker.
    let inline: (@Sendable (HTTPRequest) -> HTTPResponse?)?
    let limits: ParserLimits
    let timeouts: (head: UInt64, body: UInt64, idle: UInt64)
    /// How often loops check deadlines: a quarter of the shortest timeout, between 5 ms and 1 s.
    let timerTick: UInt64
    /// Nil when access logging is off (by configuration, or a log level above info).
    private let accessLog: AccessLog?
    private(set) var pool: WorkerPool!
    /// Every loop of the server, set in `start()` before any loop thread runs.
    var loops: [EventLoop] = []
    private let countLock = Lock()
    private var connectionCount = 0

    init(
        configuration: HTTPServerConfiguration, logger: Logger, inline: (@Sendable (HTTPRequest) -> HTTPResponse?)?,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.configuration = configuration
        self.logger = logger
        self.inline = inline
        self.handler = handler
        limits = ParserLimits(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
        timeouts = (
            MonotonicClock.nanoseconds(configuration.headerTimeout),
            MonotonicClock.nanoseconds(configuration.bodyTimeout),
            MonotonicClock.nanoseconds(configuration.idleTimeout)
        )
        let shortest = min(configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout)
        timerTick = MonotonicClock.nanoseconds(min(1, max(0.005, shortest / 4)))
        accessLog = configuration.accessLog && logger.minimumLevel <= .info ? AccessLog(logger: logger) : nil
    }

    func startPool() {
        accessLog?.start()
        pool = WorkerPool(threadCount: configuration.workerThreads, name: "http-worker") { job, scratch in
            job.connection.loop.core.process(job, scratch: scratch)
        }
    }

    func stopPool(untilMonotonic deadline: UInt64) {
        pool?.stop(untilMonotonic: deadline)
        accessLog?.stop()
    }

    /// Runs on a worker thread: handler, response, access log.
    func process(_ job: Job, scratch: UnsafeMutableRawBufferPointer) {
        let response = job.produce?() ?? handler(job.request)
        let connection = job.connection
        if let deferred = response.deferred {
            // The connection stays busy; the answer's work comes back through the pool.
            let pool = pool!
            return deferred.attach { produce in
                var resumed = job
                resumed.produce = produce
                pool.submit(resumed)
            }
        }
        if let stream = response.stream {
            return processStreamed(job, response: response, stream: stream, scratch: scratch)
        }
        connection.lock.lock()
        let (disposition, bytes) = connection.complete(job, response: response, scratch: scratch)
        connection.lock.unlock()
        if disposition == .close { connection.loop.requestClose(connection) }
        logAccess(
            method: job.request.method.rawValue, path: job.request.path, status: response.status,
            durationNanoseconds: MonotonicClock.now() &- job.receivedAt, requestID: job.request.requestID, bytes: bytes)
    }

    /// Sends a streamed response: the head, then what `stream` writes, chunk by chunk, while the
    /// producer runs on this worker without holding the connection's lock.
    private func processStreamed(
        _ job: Job, response: HTTPResponse, stream: HTTPBodyStream, scratch: UnsafeMutableRawBufferPointer
    ) {
        let connection = job.connection
        let chunked = job.versionMinor >= 1
        connection.lock.lock()
        let sendsBody = connection.beginStreamed(job, response: response)
        connection.lock.unlock()
        var end = Connection.StreamEnd.withoutBody
        var bytes = 0
        if sendsBody {
            let writer = HTTPBodyWriter { piece in
                connection.lock.lock()
                defer { connection.lock.unlock() }
                try connection.sendStreamed(chunked ? ChunkedEncoding.frame(piece) : piece)
            }
            do {
                try stream.produce(writer)
                try writer.flush()
                end = .complete
            } catch {
                end = .failed
                if !(error is HTTPBodyWriter.PeerGone) {
                    logger.error(
                        "streamed response failed",
                        [("path", .string(job.request.path)), ("request_id", .string(job.request.requestID))])
                }
            }
            bytes = writer.count
        }
        connection.lock.lock()
        let disposition = connection.finishStreamed(job, end, scratch: scratch)
        connection.lock.unlock()
        if disposition == .close { connection.loop.requestClose(connection) }
        logAccess(
            method: job.request.method.rawValue, path: job.request.path, status: response.status,
            durationNanoseconds: MonotonicClock.now() &- job.receivedAt, requestID: job.request.requestID, bytes: bytes)
    }

    /// One line per request; never headers, query strings or bodies (they can hold initData).
    func logAccess(
        method: String, path: String, status: Int, durationNanoseconds: UInt64, requestID: String, bytes: Int
    ) {
        accessLog?.append(
            AccessLog.Record(
                method: method, path: path, status: status, durationNanoseconds: durationNanoseconds,
                requestID: requestID, bytes: bytes, at: Logger.now()))
    }

    /// The loop with the fewest connections; `preferred` on a tie (no hand-off).
    func leastLoadedLoop(preferring preferred: EventLoop) -> EventLoop {
        var best = preferred
        var bestLoad = preferred.load.load(ordering: .relaxed)
        for loop in loops where loop !== preferred {
            let load = loop.load.load(ordering: .relaxed)
            if load < bestLoad {
                best = loop
                bestLoad = load
            }
        }
        return best
    }

    func reserveConnectionSlot() -> Bool {
        countLock.withLock {
            guard connectionCount < configuration.maxConnections else { return false }
            connectionCount += 1
            return true
        }
    }

    func releaseConnectionSlot() {
        countLock.withLock { connectionCount -= 1 }
    }
}
