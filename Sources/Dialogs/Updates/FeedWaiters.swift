import Foundation
import HTTP
import Synchronization

/// Long polls waiting for news in a tenant's dialogs. A waiting poll is an `HTTPDeferredResponse`
/// — no thread, no database connection — woken by `NOTIFY tessera_dialogs, '<schema>'` (sent in
/// the transaction that adds a message, heard by every server), answered empty at its deadline,
/// and re-checked every `fallbackInterval` in case a notification was lost.
///
/// A woken poll runs its `check` on a server worker: it reads the feed and either answers or, when
/// the news was not for it, waits again.
final class FeedWaiters: Sendable {
    /// Runs on a worker when the poll is woken (`expired` false) or at its deadline (true).
    typealias Check = @Sendable (_ expired: Bool) -> HTTPResponse

    private struct Waiter: Sendable {
        var schema: String
        var deadline: Date
        var deferred: HTTPDeferredResponse
        var check: Check
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        /// Moves on every wake of a schema: a poll that read the feed before a wake it missed
        /// (`generation` taken before its read) is woken at once.
        var generations: [String: UInt64] = [:]
        var ticking = false
        var stopped = false
    }

    /// The most polls one process keeps waiting (each holds a connection's descriptor).
    let capacity: Int
    /// How often every waiting poll re-reads the feed anyway.
    let fallbackInterval: TimeInterval
    private let state = Mutex(State())

    init(capacity: Int = 10_000, fallbackInterval: TimeInterval = 5) {
        self.capacity = capacity
        self.fallbackInterval = fallbackInterval
    }

    /// Take before reading the feed; pass to `wait`.
    func generation(_ schema: String) -> UInt64 { state.withLock { $0.generations[schema, default: 0] } }

    /// Parks a poll until a wake of `schema` or `deadline`. Nil when full or stopping: answer now.
    func wait(schema: String, since generation: UInt64, deadline: Date, check: @escaping Check) -> HTTPDeferredResponse? {
        let deferred = HTTPDeferredResponse()
        let (accepted, missedWake, startTicker) = state.withLock { state -> (Bool, Bool, Bool) in
            guard !state.stopped, state.waiters.count < capacity else { return (false, false, false) }
            if state.generations[schema, default: 0] != generation { return (true, true, false) }
            state.nextID += 1
            state.waiters[state.nextID] = Waiter(schema: schema, deadline: deadline, deferred: deferred, check: check)
            let start = !state.ticking
            state.ticking = true
            return (true, false, start)
        }
        guard accepted else { return nil }
        if missedWake { deferred.resolve { check(false) } }
        if startTicker { startTicking() }
        return deferred
    }

    /// Something changed in `schema`'s dialogs: its polls look again.
    func wake(_ schema: String) {
        let woken = state.withLock { state -> [Waiter] in
            state.generations[schema, default: 0] &+= 1
            return take(&state) { $0.schema == schema }
        }
        for waiter in woken { waiter.deferred.resolve { waiter.check(false) } }
    }

    /// Every poll looks again (after a lost LISTEN connection).
    func wakeAll() {
        let woken = state.withLock { state -> [Waiter] in
            for key in state.generations.keys { state.generations[key]! &+= 1 }
            return take(&state) { _ in true }
        }
        for waiter in woken { waiter.deferred.resolve { waiter.check(false) } }
    }

    /// Answers every poll now (the server is stopping) and refuses new ones until `resume`.
    func stop() {
        let all = state.withLock { state -> [Waiter] in
            state.stopped = true
            return take(&state) { _ in true }
        }
        for waiter in all { waiter.deferred.resolve { waiter.check(true) } }
    }

    func resume() { state.withLock { $0.stopped = false } }

    var count: Int { state.withLock { $0.waiters.count } }

    private func take(_ state: inout State, where matches: (Waiter) -> Bool) -> [Waiter] {
        let keys = state.waiters.filter { matches($0.value) }.map(\.key)
        return keys.compactMap { state.waiters.removeValue(forKey: $0) }
    }

    /// One thread while polls wait: answers those past their deadline every `tick`, re-checks all
    /// every `fallbackInterval`; it ends when none is left.
    private func startTicking() {
        let thread = Thread { [self] in
            let tick = 0.25
            var sinceFallback = 0.0
            while true {
                Thread.sleep(forTimeInterval: tick)
                sinceFallback += tick
                let now = Date()
                let fallback = sinceFallback >= fallbackInterval
                if fallback { sinceFallback = 0 }
                let (expired, rechecked, done) = state.withLock { state -> ([Waiter], [Waiter], Bool) in
                    let expired = take(&state) { $0.deadline <= now }
                    let rechecked = fallback ? take(&state) { _ in true } : []
                    if state.waiters.isEmpty && rechecked.isEmpty { state.ticking = false }
                    return (expired, rechecked, !state.ticking)
                }
                for waiter in expired { waiter.deferred.resolve { waiter.check(true) } }
                for waiter in rechecked { waiter.deferred.resolve { waiter.check(false) } }
                if done { return }
            }
        }
        thread.name = "dialogs-feed-waiters"
        thread.start()
    }
}
