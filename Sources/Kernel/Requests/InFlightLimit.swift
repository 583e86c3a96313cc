import Synchronization

/// A non-blocking bound on concurrent calls.
public final class InFlightLimit: Sendable {
    private let count = Mutex(0)
    public let limit: Int

    public init(_ limit: Int) { self.limit = limit }

    public func enter() -> Bool {
        count.withLock { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    public func leave() { count.withLock { $0 -= 1 } }

    /// How many calls are in right now.
    public var current: Int { count.withLock { $0 } }
}
