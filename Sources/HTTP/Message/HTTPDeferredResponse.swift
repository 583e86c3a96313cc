/// A response a handler gives later, without holding a worker meanwhile (a long poll waiting for
/// news). The handler returns `HTTPResponse.deferred(d)`; the worker goes back to the pool and the
/// connection waits, busy and without a timeout, until someone calls `resolve` — from any thread.
/// `resolve` hands over the work that makes the answer: it runs on a server worker, so it may
/// block (on PostgreSQL), and it may itself return another deferred response to wait again.
///
/// Whoever creates one must resolve it: a deferred response never resolved keeps its connection
/// until the peer goes away or the server stops. Only the first `resolve` counts.
public final class HTTPDeferredResponse: Sendable {
    public typealias Produce = @Sendable () -> HTTPResponse

    private enum State {
        /// Neither side has arrived.
        case empty
        /// The server is waiting; `run` submits the answer's work to a worker.
        case attached(@Sendable (@escaping Produce) -> Void)
        /// Resolved before the server attached (the answer was ready at once).
        case resolved(Produce)
        case done
    }

    private let state = LockedBox(State.empty)

    public init() {}

    /// Completes the response with `produce`, run on a server worker. Returns false when it was
    /// already resolved (the later call changes nothing).
    @discardableResult
    public func resolve(_ produce: @escaping Produce) -> Bool {
        let (first, run): (Bool, (@Sendable (@escaping Produce) -> Void)?) = state.withLock { state in
            switch state {
            case .empty:
                state = .resolved(produce)
                return (true, nil)
            case .attached(let run):
                state = .done
                return (true, run)
            case .resolved, .done:
                return (false, nil)
            }
        }
        run?(produce)
        return first
    }

    /// Whether `resolve` has been called.
    public var isResolved: Bool {
        state.withLock { state in
            switch state {
            case .empty, .attached: return false
            case .resolved, .done: return true
            }
        }
    }

    /// The server's side: `run` is called once, with the answer's work, when it is resolved (at
    /// once if it already is).
    func attach(_ run: @escaping @Sendable (@escaping Produce) -> Void) {
        let ready: Produce? = state.withLock { state in
            switch state {
            case .empty:
                state = .attached(run)
                return nil
            case .resolved(let produce):
                state = .done
                return produce
            case .attached, .done:
                preconditionFailure("an HTTPDeferredResponse answers one request")
            }
        }
        if let ready { run(ready) }
    }
}

extension HTTPResponse {
    /// A response `deferred` gives later (see `HTTPDeferredResponse`).
    public static func deferred(_ deferred: HTTPDeferredResponse) -> HTTPResponse {
        var response = HTTPResponse(status: 200)
        response.deferred = deferred
        return response
    }
}
