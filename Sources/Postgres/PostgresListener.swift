import CLibPQ
import CTesseraSystem
import Foundation
import TesseraLog

/// LISTENs on channels with its own connection and its own thread and calls `onNotification`
/// for every NOTIFY. After a lost connection (server restart, `pg_terminate_backend`) it
/// reconnects with exponential back-off and then calls `onReconnect`, because notifications sent
/// while it was disconnected are lost: callers re-read whatever state they track.
///
/// With a `Probe`, it also checks that it actually hears: after each connect and then every
/// `interval` it has a NOTIFY sent to itself through another connection (the way real
/// notifications arrive) and reports `.deaf` when that does not arrive within `timeout` — the
/// symptom of a LISTEN that went through a transaction-pooling PgBouncer, which "connects" fine
/// but never delivers a notification.
///
/// Callbacks run on the listener's thread; keep them short or hand work off. The thread keeps the
/// listener alive until `stop()` is called.
public final class PostgresListener: @unchecked Sendable {
    /// A self-test of notification delivery.
    public struct Probe: Sendable {
        /// Channel the probe NOTIFY goes to; the listener LISTENs on it too and never passes it on.
        public var channel: String
        /// Between two probes while connected.
        public var interval: TimeInterval
        /// How long a probe may take to arrive before the listener counts as deaf.
        public var timeout: TimeInterval
        /// Logged with the deaf warning: what to change.
        public var hint: String
        /// Sends `NOTIFY channel, payload` through another connection (e.g. the pool).
        public var send: @Sendable (_ channel: String, _ payload: String) throws -> Void

        public init(
            channel: String = "tessera_listener_probe", interval: TimeInterval = 30, timeout: TimeInterval = 5, hint: String,
            send: @escaping @Sendable (_ channel: String, _ payload: String) throws -> Void
        ) {
            self.channel = channel
            self.interval = interval
            self.timeout = timeout
            self.hint = hint
            self.send = send
        }
    }

    /// Whether notifications are known to arrive on the current connection.
    public enum Hearing: String, Sendable, Equatable {
        /// Not connected, no probe configured, or the first probe has not come back yet.
        case unknown
        /// The last probe arrived.
        case hearing
        /// The last probe did not arrive within its timeout.
        case deaf
    }

    public let configuration: PostgresConfiguration
    public let channels: [String]
    private let logger: Logger?
    private let onNotification: @Sendable (_ channel: String, _ payload: String) -> Void
    private let onReconnect: (@Sendable () -> Void)?
    private let initialReconnectDelay: TimeInterval
    private let maxReconnectDelay: TimeInterval
    private let keepaliveInterval: TimeInterval
    private let probe: Probe?

    // `state`, `listening` and `connectionCount` are guarded by `condition`; the connection itself
    // lives only on the listener thread. The wake pipe's fds are immutable after init.
    private let condition = NSCondition()
    private var state: State = .idle
    private var listening = false
    private var connectionCount = 0
    private var hearingState: Hearing = .unknown
    private var listenerThread: pthread_t?
    private let wakeRead: Int32
    private let wakeWrite: Int32

    private enum State { case idle, running, stopping, stopped }

    /// - Parameters:
    ///   - channels: channel names, used verbatim (quoted), e.g. `blueprint_changed`.
    ///   - reconnectDelay: first back-off delay; doubles up to `maxReconnectDelay`.
    ///   - keepaliveInterval: after this long without traffic the connection is pinged, so a
    ///     silently dropped connection is noticed.
    ///   - onReconnect: called on the listener thread after LISTEN is re-established following a
    ///     lost connection (not after the first connect).
    public init(
        configuration: PostgresConfiguration, channels: [String], logger: Logger? = nil,
        reconnectDelay: TimeInterval = 0.25, maxReconnectDelay: TimeInterval = 10, keepaliveInterval: TimeInterval = 30,
        probe: Probe? = nil, onReconnect: (@Sendable () -> Void)? = nil,
        onNotification: @escaping @Sendable (_ channel: String, _ payload: String) -> Void
    ) {
        self.configuration = configuration
        self.channels = probe.map { channels + [$0.channel] } ?? channels
        self.probe = probe
        self.logger = logger
        self.initialReconnectDelay = reconnectDelay
        self.maxReconnectDelay = max(reconnectDelay, maxReconnectDelay)
        self.keepaliveInterval = keepaliveInterval
        self.onReconnect = onReconnect
        self.onNotification = onNotification
        var fds: [Int32] = [-1, -1]
        _ = tessera_pipe2(&fds, O_NONBLOCK | O_CLOEXEC)
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    /// Starts the listener thread (once; later calls do nothing).
    public func start() {
        condition.lock()
        guard state == .idle else {
            condition.unlock()
            return
        }
        state = .running
        condition.unlock()
        let thread = Thread { [self] in
            Thread.current.name = "tessera-pg-listener"
            self.threadMain()
        }
        thread.start()
    }

    /// Stops listening, closes the connection and waits for the thread to end (unless called from a callback).
    public func stop() {
        condition.lock()
        switch state {
        case .idle:
            state = .stopped
            condition.unlock()
            return
        case .stopped:
            condition.unlock()
            return
        case .running, .stopping:
            state = .stopping
        }
        condition.broadcast()
        condition.unlock()
        wake()
        condition.lock()
        // Called from a callback on the listener thread itself: waiting would deadlock.
        if let listenerThread, pthread_equal(listenerThread, pthread_self()) != 0 {
            condition.unlock()
            return
        }
        while state != .stopped { condition.wait() }
        condition.unlock()
    }

    /// Whether LISTEN is currently in effect on a live connection.
    public var isListening: Bool {
        condition.lock()
        defer { condition.unlock() }
        return listening
    }

    /// How many times a connection was established and LISTEN issued (1 after start, +1 per reconnect).
    public var connectionGeneration: Int {
        condition.lock()
        defer { condition.unlock() }
        return connectionCount
    }

    /// What the last probe showed (`.unknown` without a probe or while disconnected).
    public var hearing: Hearing {
        condition.lock()
        defer { condition.unlock() }
        return hearingState
    }

    /// Blocks until `hearing` is `state`; false on timeout.
    @discardableResult
    public func waitUntilHearing(_ state: Hearing, timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while hearingState != state {
            if !condition.wait(until: deadline) { return hearingState == state }
        }
        return true
    }

    /// Blocks until LISTEN is in effect with at least `generation` connections made; false on timeout.
    @discardableResult
    public func waitUntilListening(generation: Int = 1, timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !(listening && connectionCount >= generation) {
            if !condition.wait(until: deadline) { return listening && connectionCount >= generation }
        }
        return true
    }

    // MARK: - Listener thread

    private var shouldRun: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running
    }

    private func threadMain() {
        condition.lock()
        listenerThread = pthread_self()
        condition.unlock()
        var delay = initialReconnectDelay
        while shouldRun {
            do {
                let connection = try connectAndListen()
                delay = initialReconnectDelay
                let generation = markListening(true)
                logger?.info("postgres listener connected", [("channels", .int(Int64(channels.count)))])
                if generation > 1 { onReconnect?() }
                pump(connection)
                markListening(false)
            } catch {
                logger?.warning(
                    "postgres listener connect failed",
                    [("error", .string(error.message)), ("retry_s", .double(delay))])
            }
            guard shouldRun else { break }
            sleepInterruptibly(delay)
            delay = min(delay * 2, maxReconnectDelay)
        }
        condition.lock()
        listening = false
        state = .stopped
        condition.broadcast()
        condition.unlock()
    }

    private func connectAndListen() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection(configuration: configuration)
        var script = ""
        for channel in channels {
            script += "LISTEN \"\(channel.replacingOccurrences(of: "\"", with: "\"\""))\";"
        }
        if !script.isEmpty { try connection.simpleQuery(script) }
        return connection
    }

    @discardableResult
    private func markListening(_ value: Bool) -> Int {
        condition.lock()
        defer { condition.unlock() }
        listening = value
        hearingState = .unknown
        if value { connectionCount += 1 }
        condition.broadcast()
        return connectionCount
    }

    /// The probe in flight on the current connection, and when the next one is due. Listener thread only.
    private struct ProbeState {
        var payload: String?
        var sentAt: TimeInterval = 0
        var nextAt: TimeInterval = 0
        var counter = 0
    }

    private var probeState = ProbeState()

    private func setHearing(_ value: Hearing) {
        condition.lock()
        let previous = hearingState
        hearingState = value
        condition.broadcast()
        condition.unlock()
        guard value != previous, let probe else { return }
        switch value {
        case .deaf:
            logger?.error(
                "postgres listener is deaf: a NOTIFY it sent itself through another connection did not arrive; changes reach this server only through the poll",
                [("probe_timeout_s", .double(probe.timeout)), ("hint", .string(probe.hint))])
        case .hearing where previous == .deaf:
            logger?.info("postgres listener hears notifications again")
        default: break
        }
    }

    /// Sends a probe when one is due and declares deafness when the one in flight is overdue.
    private func checkProbe() {
        guard let probe else { return }
        let now = MonotonicClock.now()
        if let _ = probeState.payload, now - probeState.sentAt > probe.timeout {
            probeState.payload = nil
            probeState.nextAt = now + probe.interval
            setHearing(.deaf)
        }
        guard probeState.payload == nil, now >= probeState.nextAt else { return }
        probeState.counter += 1
        let payload = "\(getpid())-\(UInt64(now * 1_000_000))-\(probeState.counter)"
        do {
            try probe.send(probe.channel, payload)
            probeState.payload = payload
            probeState.sentAt = MonotonicClock.now()
        } catch {
            probeState.nextAt = now + min(probe.interval, 5)
            logger?.warning("postgres listener probe could not be sent", [("error", .string(String(describing: error)))])
        }
    }

    /// Delivers notifications until the connection breaks or `stop()` is called.
    private func pump(_ connection: PostgresConnection) {
        let handle = connection.handle
        var lastTraffic = MonotonicClock.now()
        probeState = ProbeState()
        deliverPending(handle)
        while shouldRun {
            checkProbe()
            let fd = PQsocket(handle)
            guard fd >= 0 else { return }
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let timeoutMs = Int32(max(0.05, min(keepaliveInterval, 1.0)) * 1000)
            let ready = poll(&fds, nfds_t(fds.count), timeoutMs)
            if ready < 0 {
                if errno == EINTR { continue }
                logger?.error("postgres listener poll failed", [("errno", .int(Int64(errno)))])
                return
            }
            if fds[1].revents != 0 { drainWakePipe() }
            if fds[0].revents != 0 {
                lastTraffic = MonotonicClock.now()
                guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                    logger?.warning("postgres listener connection lost")
                    return
                }
                deliverPending(handle)
            } else if MonotonicClock.now() - lastTraffic > keepaliveInterval {
                lastTraffic = MonotonicClock.now()
                guard connection.ping() else {
                    logger?.warning("postgres listener keepalive failed")
                    return
                }
                deliverPending(handle)
            }
        }
    }

    private func deliverPending(_ handle: OpaquePointer) {
        while let notify = PQnotifies(handle) {
            let channel = String(cString: notify.pointee.relname)
            let payload = notify.pointee.extra.map { String(cString: $0) } ?? ""
            PQfreemem(notify)
            if let probe, channel == probe.channel {
                // Other servers' probes arrive too; only our own proves this connection hears.
                if payload == probeState.payload {
                    probeState.payload = nil
                    probeState.nextAt = MonotonicClock.now() + probe.interval
                    setHearing(.hearing)
                }
                continue
            }
            onNotification(channel, payload)
        }
    }

    private func sleepInterruptibly(_ seconds: TimeInterval) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while state == .running {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
