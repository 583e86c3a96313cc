import Glibc

/// Which timeout currently applies to a connection.
enum DeadlineKind: Equatable {
    case none
    /// Keep-alive idle: close silently.
    case idle
    /// Waiting for the rest of a request head: 408.
    case head
    /// Waiting for the rest of a body: 408.
    case body
    /// Waiting for the peer to accept response bytes: close.
    case write
    /// Discarding input after an error response before closing (lingering close): close.
    case linger
}

/// What the caller must do with a connection after servicing it.
enum Disposition: Equatable {
    case keep
    /// Only the owning event loop closes descriptors; other threads ask it to.
    case close
}

/// One accepted socket. Its state is touched by its event loop thread (reads, timeouts) and by the
/// worker that runs its current request (writes the response, then resumes parsing pipelined
/// input), always under `lock`. One request per connection is in flight at a time, so pipelined
/// responses go out in request order.
final class Connection: @unchecked Sendable {  // Sendable because every `var` is guarded by `lock`.
    let fd: Int32
    let token: UInt64
    let remoteAddress: String
    /// Strong: a worker still running a handler after shutdown must find its loop alive.
    let loop: EventLoop
    let lock = Lock()
    private let idPrefix: String

    private var parser: RequestParser
    private var inbox: [UInt8] = []
    private var inboxStart = 0
    private var outbox: [UInt8] = []
    private var outboxStart = 0
    /// A request of this connection is on a worker.
    private var busy = false
    /// The socket may hold bytes we have not read (edge-triggered epoll: read until EAGAIN or remember).
    private var unread = false
    private var peerEOF = false
    private var broken = false
    private var closeAfterFlush = false
    /// After an error response: half-close and discard what the peer still sends before closing.
    private var lingerAfterFlush = false
    private var lingering = false
    private var lingerBudget = Connection.lingerMaxBytes
    private var draining = false
    /// Set by the event loop right before it closes `fd`; nobody touches `fd` afterwards.
    var closed = false
    private var deadline: UInt64 = 0
    private var deadlineKind: DeadlineKind = .none
    private var requestSerial: UInt64 = 0
    /// Requests answered inline in the current `service` call.
    private var inlineAnswers = 0

    /// While a request is on a worker, buffer at most this much pipelined input before pausing reads.
    static let pauseThreshold = 65_536
    /// Lingering close limits: discard at most this much input, for at most `lingerNanoseconds`.
    static let lingerMaxBytes = 1 << 20
    static let lingerNanoseconds: UInt64 = 2_000_000_000
    private static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    /// Inline answers one `service` call gives before it lets the loop serve other connections
    /// (`EventLoop.Command.resume`): a client pipelining cached requests without pause would
    /// otherwise keep the loop, or the worker that finished its last request, to itself.
    static let inlineBurst = 16

    init(fd: Int32, token: UInt64, remoteAddress: String, loop: EventLoop, idPrefix: String, limits: ParserLimits) {
        self.fd = fd
        self.token = token
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.idPrefix = idPrefix
        self.parser = RequestParser(limits: limits)
    }

    // MARK: Driving (lock held)

    /// Reads, flushes and parses as far as possible. Call with `lock` held.
    func service(readable: Bool, scratch: UnsafeMutableRawBufferPointer) -> Disposition {
        if readable { unread = true }
        var newInput = true
        inlineAnswers = 0
        while true {
            if closed { return .keep }
            if broken { return .close }
            if outboxStart < outbox.count {
                switch flush() {
                case .failed: return .close
                case .pending:
                    setDeadline(.write)
                    return .keep
                case .done:
                    // A streamed body flushes many times while busy: each completed flush restarts the clock.
                    if deadlineKind == .write { setDeadline(.none) }
                }
            }
            if closeAfterFlush {
                guard lingerAfterFlush, !peerEOF, !broken else { return .close }
                return linger(scratch)
            }
            if busy {
                // Keep draining the socket into the inbox (bounded) so the edge is not lost.
                if unread && inbox.count - inboxStart < Self.pauseThreshold {
                    if readChunk(scratch) == .failed { return .close }
                    continue
                }
                return .keep
            }
            if newInput {
                if inlineAnswers >= Self.inlineBurst, loop.post(.resume(self)) { return .keep }
                var index = inboxStart
                let step = parser.parse(inbox, from: &index)
                inboxStart = index
                switch step {
                case .request(let parsed):
                    dispatch(parsed)
                    continue
                case .expectContinue:
                    outbox.append(contentsOf: Self.continueBytes)
                    continue
                case .failure(let error):
                    respondWithError(error)
                    continue
                case .incomplete:
                    newInput = false
                    // Bodies are copied out as they arrive: keep the inbox from growing while a large one streams in.
                    if inboxStart == inbox.count {
                        inboxStart = 0
                        inbox.removeAll(keepingCapacity: true)
                    }
                }
            }
            if unread {
                switch readChunk(scratch) {
                case .bytes: newInput = true
                case .failed: return .close
                case .quiet: break
                }
                continue
            }
            compactInbox()
            if peerEOF { return .close }
            switch parser.phase {
            case .idle:
                if draining { return .close }
                setDeadline(.idle)
            case .head: setDeadline(.head)
            case .body: setDeadline(.body)
            }
            return .keep
        }
    }

    /// A worker finished this connection's request: write the response and resume. Call with `lock` held.
    /// Returns what to do with the connection and the body bytes written.
    func complete(_ job: Job, response: HTTPResponse, scratch: UnsafeMutableRawBufferPointer) -> (Disposition, Int) {
        busy = false
        if closed { return (.keep, 0) }
        let keepAlive = job.keepAlive && !draining && !closeAfterFlush && !peerEOF
        let sendsBody = job.request.method != .HEAD && HTTPStatus.allowsBody(response.status)
        let head = ResponseWriter.head(
            status: response.status, headers: response.headers, bodyCount: response.body.count,
            requestID: job.request.requestID, keepAlive: keepAlive, versionMinor: job.versionMinor,
            date: DateCache.shared.headerLine())
        if !keepAlive { closeAfterFlush = true }
        if sendsBody {
            write(head, response.body)
        } else {
            write(head, [])
        }
        return (service(readable: false, scratch: scratch), sendsBody ? response.body.count : 0)
    }

    /// A worker starts a streamed response: sends the head; the body follows through `sendStreamed`
    /// and `finishStreamed`. Call with `lock` held. Returns whether a body is to be produced.
    func beginStreamed(_ job: Job, response: HTTPResponse) -> Bool {
        if closed || broken { return false }
        let sendsBody = job.request.method != .HEAD && HTTPStatus.allowsBody(response.status)
        let chunked = job.versionMinor >= 1
        let keepAlive = chunked && job.keepAlive && !draining && !closeAfterFlush && !peerEOF
        let head = ResponseWriter.head(
            status: response.status, headers: response.headers, bodyCount: nil, chunked: chunked,
            requestID: job.request.requestID, keepAlive: keepAlive, versionMinor: job.versionMinor,
            date: DateCache.shared.headerLine())
        if !keepAlive { closeAfterFlush = true }
        write(head, [])
        return sendsBody
    }

    /// Queues body bytes of a streamed response and flushes; while more than `streamHighWater`
    /// bytes wait for the peer, waits (lock released) until it reads. Call with `lock` held.
    func sendStreamed(_ bytes: [UInt8]) throws(HTTPBodyWriter.PeerGone) {
        if closed || broken { throw HTTPBodyWriter.PeerGone() }
        write(bytes, [])
        while outboxStart < outbox.count {
            switch flush() {
            case .failed: throw HTTPBodyWriter.PeerGone()
            case .done: setDeadline(.none)
            case .pending:
                // The event loop closes the connection if the peer reads nothing for the idle timeout.
                setDeadline(.write)
                if outbox.count - outboxStart <= Self.streamHighWater { return }
                lock.unlock()
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                // Bounded so a connection the loop closed meanwhile (its fd maybe reused) is noticed.
                _ = Glibc.poll(&descriptor, 1, 100)
                lock.lock()
                if closed || broken { throw HTTPBodyWriter.PeerGone() }
            }
        }
    }

    /// How a streamed response ended.
    enum StreamEnd { case complete, failed, withoutBody }

    /// Ends a streamed response (`.failed`: the producer threw, so the connection closes without
    /// the last chunk) and resumes the connection. Call with `lock` held.
    func finishStreamed(_ job: Job, _ end: StreamEnd, scratch: UnsafeMutableRawBufferPointer) -> Disposition {
        busy = false
        if closed { return .keep }
        switch end {
        case .complete: if job.versionMinor >= 1 { write(ChunkedEncoding.last, []) }
        case .failed: closeAfterFlush = true
        case .withoutBody: break
        }
        return service(readable: false, scratch: scratch)
    }

    /// Streamed body bytes allowed to wait for the peer before the producer is held back.
    static let streamHighWater = 262_144

    /// Applies an expired deadline. Call with `lock` held.
    func checkDeadline(now: UInt64, scratch: UnsafeMutableRawBufferPointer) -> Disposition {
        guard !closed, deadline != 0, now >= deadline else { return .keep }
        switch deadlineKind {
        case .none, .idle, .write, .linger:
            return .close
        case .head, .body:
            respondWithError(
                HTTPParseError(status: 408, code: "request_timeout", message: "The request was not received in time"))
            return service(readable: false, scratch: scratch)
        }
    }

    /// Graceful shutdown: idle connections close now, busy ones after their response. Call with `lock` held.
    func drain() -> Disposition {
        draining = true
        if closed { return .keep }
        return !busy && outboxStart == outbox.count && parser.phase == .idle ? .close : .keep
    }

    // MARK: Internals (lock held)

    private func dispatch(_ parsed: ParsedRequest) {
        deadlineKind = .none
        deadline = 0
        var request = parsed.request
        request.remoteAddress = remoteAddress
        if let incoming = request.headers["X-Request-Id"], RequestID.isValid(incoming) {
            request.requestID = incoming
        } else {
            requestSerial += 1
            request.requestID = idPrefix + String(requestSerial, radix: 36)
        }
        let receivedAt = MonotonicClock.now()
        if let inline = loop.core.inline, let response = inline(request) {
            inlineAnswers += 1
            return answerInline(request, parsed, response, receivedAt: receivedAt)
        }
        busy = true
        loop.core.pool.submit(
            Job(
                connection: self, request: request, keepAlive: parsed.keepAlive && !draining,
                versionMinor: parsed.versionMinor, receivedAt: receivedAt))
    }

    /// Writes the inline handler's answer now, on the loop (the caller's `service` goes on to flush
    /// it and parse what follows).
    private func answerInline(_ request: HTTPRequest, _ parsed: ParsedRequest, _ response: HTTPResponse, receivedAt: UInt64) {
        precondition(response.stream == nil && response.deferred == nil, "an inline handler answers with a plain body")
        let keepAlive = parsed.keepAlive && !draining && !closeAfterFlush && !peerEOF
        let sendsBody = request.method != .HEAD && HTTPStatus.allowsBody(response.status)
        let head = ResponseWriter.head(
            status: response.status, headers: response.headers, bodyCount: response.body.count,
            requestID: request.requestID, keepAlive: keepAlive, versionMinor: parsed.versionMinor,
            date: DateCache.shared.headerLine())
        if !keepAlive { closeAfterFlush = true }
        write(head, sendsBody ? response.body : [])
        loop.core.logAccess(
            method: request.method.rawValue, path: request.path, status: response.status,
            durationNanoseconds: MonotonicClock.now() &- receivedAt, requestID: request.requestID,
            bytes: sendsBody ? response.body.count : 0)
    }

    /// Queues an error response and marks the connection to close after it.
    private func respondWithError(_ error: HTTPParseError) {
        let response = error.response
        requestSerial += 1
        let requestID = idPrefix + String(requestSerial, radix: 36)
        let head = ResponseWriter.head(
            status: response.status, headers: response.headers, bodyCount: response.body.count,
            requestID: requestID, keepAlive: false, versionMinor: 1, date: DateCache.shared.headerLine())
        outbox.append(contentsOf: head)
        outbox.append(contentsOf: response.body)
        closeAfterFlush = true
        lingerAfterFlush = true
        loop.core.logAccess(
            method: "-", path: "-", status: response.status, durationNanoseconds: 0, requestID: requestID,
            bytes: response.body.count)
    }

    /// Lingering close (RFC 9112 §9.6): the peer may still be sending the request we refused;
    /// closing with unread input makes the kernel answer with RST, which can destroy our error
    /// response in the peer's receive buffer. So: half-close, discard input until the peer's EOF,
    /// `lingerMaxBytes` or `lingerNanoseconds`, then close.
    private func linger(_ scratch: UnsafeMutableRawBufferPointer) -> Disposition {
        if !lingering {
            lingering = true
            _ = Glibc.shutdown(fd, Int32(SHUT_WR))
            inbox.removeAll()
            inboxStart = 0
            setDeadline(.linger)
        }
        while unread {
            switch Syscall.read(fd, into: scratch) {
            case .bytes(let n):
                lingerBudget -= n
                if lingerBudget <= 0 { return .close }
            case .wouldBlock: unread = false
            case .endOfFile, .failed: return .close
            }
        }
        return .keep
    }

    private enum ReadOutcome: Equatable { case bytes, quiet, failed }

    private func readChunk(_ scratch: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        switch Syscall.read(fd, into: scratch) {
        case .bytes(let n):
            inbox.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
            return .bytes
        case .wouldBlock:
            unread = false
            return .quiet
        case .endOfFile:
            unread = false
            peerEOF = true
            return .quiet
        case .failed:
            unread = false
            broken = true
            return .failed
        }
    }

    private func write(_ head: [UInt8], _ body: [UInt8]) {
        if outboxStart < outbox.count {
            outbox.append(contentsOf: head)
            outbox.append(contentsOf: body)
            return
        }
        let result = head.withUnsafeBytes { h in body.withUnsafeBytes { b in Syscall.send(fd, h, b) } }
        switch result {
        case .bytes(let n):
            if n < head.count {
                outbox.append(contentsOf: head[n...])
                outbox.append(contentsOf: body)
            } else if n < head.count + body.count {
                outbox.append(contentsOf: body[(n - head.count)...])
            }
        case .wouldBlock:
            outbox.append(contentsOf: head)
            outbox.append(contentsOf: body)
        case .endOfFile, .failed:
            broken = true
        }
    }

    private enum FlushOutcome { case done, pending, failed }

    private func flush() -> FlushOutcome {
        while outboxStart < outbox.count {
            let result = outbox.withUnsafeBytes { all in
                Syscall.send(
                    fd, UnsafeRawBufferPointer(rebasing: all[outboxStart...]),
                    UnsafeRawBufferPointer(start: nil, count: 0))
            }
            switch result {
            case .bytes(let n): outboxStart += n
            case .wouldBlock: return .pending
            case .endOfFile, .failed:
                broken = true
                return .failed
            }
        }
        outboxStart = 0
        if outbox.capacity > 65_536 { outbox = [] } else { outbox.removeAll(keepingCapacity: true) }
        return .done
    }

    private func compactInbox() {
        if inboxStart == inbox.count {
            inboxStart = 0
            // Idle keep-alive connections should not pin large buffers.
            if inbox.capacity > 16_384 { inbox = [] } else { inbox.removeAll(keepingCapacity: true) }
        } else if inboxStart > 0 && inboxStart >= inbox.count / 2 {
            inbox.removeSubrange(0..<inboxStart)
            inboxStart = 0
        }
    }

    private func setDeadline(_ kind: DeadlineKind) {
        guard kind != deadlineKind else { return }
        deadlineKind = kind
        let timeouts = loop.core.timeouts
        let span: UInt64
        switch kind {
        case .none:
            deadline = 0
            return
        case .idle, .write: span = timeouts.idle
        case .linger: span = Self.lingerNanoseconds
        case .head: span = timeouts.head
        case .body: span = timeouts.body
        }
        deadline = MonotonicClock.now() &+ span
    }
}
