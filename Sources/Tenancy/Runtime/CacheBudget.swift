import Foundation
import Synchronization

/// One bound, in bytes, on what every tenant's caches hold together (rendered responses and
/// validated initData): a process serving 1,000 tenants has one number to size, not one per
/// tenant. A write that would take the total over the limit first reclaims, across every cache:
/// expired entries go, then whole caches, largest first, until the entry fits. So a tenant that
/// went quiet cannot pin bytes that busier tenants need, and no cache is emptied while expired
/// entries elsewhere would do. A cache that goes away (a tenant reloaded) returns its bytes. The
/// total stays within the limit plus the entries written while a reclaim runs.
public final class CacheBudget: Sendable {
    /// The process's budget: 256 MiB.
    public static let shared = CacheBudget(limit: 256 << 20)

    /// The bound, in bytes.
    public let limit: Int
    private let used = Atomic<Int>(0)
    /// The stores charged here, weakly, by identity; one reclaim at a time.
    private let stores = Mutex<[ObjectIdentifier: WeakStore]>([:])

    public init(limit: Int) { self.limit = limit }

    /// Bytes the caches hold now.
    public var bytes: Int { used.load(ordering: .relaxed) }

    /// Whether `more` bytes still fit.
    func fits(_ more: Int) -> Bool { used.load(ordering: .relaxed) + more <= limit }

    /// Accounts for bytes taken (positive) or given back (negative).
    func add(_ delta: Int) { used.add(delta, ordering: .relaxed) }

    func register(_ store: any ReclaimableStore) {
        stores.withLock { $0[ObjectIdentifier(store)] = WeakStore(store: store) }
    }

    func forget(_ id: ObjectIdentifier) { _ = stores.withLock { $0.removeValue(forKey: id) } }

    /// Makes room for `needed` bytes: drops expired entries in every store, then empties stores,
    /// largest first, until it fits. Called with no store's lock held; it takes each store's in
    /// turn, so it cannot deadlock with a writer.
    func reclaim(_ needed: Int, now: Date) {
        stores.withLock { registered in
            guard !fits(needed) else { return }
            let live = registered.values.compactMap(\.store)
            for store in live { store.dropExpired(now: now) }
            guard !fits(needed) else { return }
            for store in live.sorted(by: { $0.heldBytes > $1.heldBytes }) {
                store.dropAll()
                if fits(needed) { return }
            }
        }
    }

    /// What an entry costs: its key, its payload and a fixed overhead for the dictionary slot,
    /// the strings' headers and the entry's other fields.
    static func cost(key: String, payload: Int) -> Int { key.utf8.count + payload + 96 }
}

/// A cached value that knows when it stops being served.
protocol Expiring: Sendable {
    var expires: Date { get }
}

/// What `CacheBudget.reclaim` asks of a store.
protocol ReclaimableStore: AnyObject, Sendable {
    var heldBytes: Int { get }
    func dropExpired(now: Date)
    func dropAll()
}

private struct WeakStore: @unchecked Sendable {
    weak var store: (any ReclaimableStore)?
}

/// A cache's entries and what they cost, charged to a `CacheBudget` and bounded by a count too:
/// what `ResponseCache` and `InitDataCache` keep. A store at its count starts over; a write over
/// the budget reclaims first (`CacheBudget.reclaim`); a store that goes away gives its bytes
/// back. Dropped entries are freed after the lock is released, so readers never wait on that.
final class BudgetedStore<Value: Expiring>: ReclaimableStore {
    private struct State {
        var entries: [String: (value: Value, cost: Int)] = [:]
        var bytes = 0
    }

    private let state = ReadWriteLocked(State())
    private let capacity: Int
    private let budget: CacheBudget

    init(capacity: Int, budget: CacheBudget) {
        self.capacity = capacity
        self.budget = budget
        budget.register(self)
    }

    deinit {
        budget.forget(ObjectIdentifier(self))
        budget.add(-state.read { $0.bytes })
    }

    subscript(key: String) -> Value? { state.read { $0.entries[key]?.value } }

    /// Keeps `value` under `key`: reclaims first when the budget would be crossed, starts over
    /// when `capacity` entries are held.
    func put(_ key: String, _ value: Value, cost: Int) {
        if !budget.fits(cost) { budget.reclaim(cost, now: Date()) }
        let dropped = state.write { state -> [String: (value: Value, cost: Int)] in
            var dropped: [String: (value: Value, cost: Int)] = [:]
            var delta = cost - (state.entries[key]?.cost ?? 0)
            if state.entries[key] == nil, state.entries.count >= capacity {
                budget.add(-state.bytes)
                swap(&dropped, &state.entries)
                state.bytes = 0
                delta = cost
            }
            state.entries[key] = (value, cost)
            state.bytes += delta
            budget.add(delta)
            return dropped
        }
        _ = dropped
    }

    var heldBytes: Int { state.read { $0.bytes } }

    func dropExpired(now: Date) {
        let dropped = state.write { state -> [(value: Value, cost: Int)] in
            var dropped: [(value: Value, cost: Int)] = []
            state.entries = state.entries.filter { _, entry in
                if entry.value.expires > now { return true }
                dropped.append(entry)
                return false
            }
            let freed = dropped.reduce(0) { $0 + $1.cost }
            state.bytes -= freed
            budget.add(-freed)
            return dropped
        }
        _ = dropped
    }

    func dropAll() {
        let dropped = state.write { state -> [String: (value: Value, cost: Int)] in
            var dropped: [String: (value: Value, cost: Int)] = [:]
            swap(&dropped, &state.entries)
            budget.add(-state.bytes)
            state.bytes = 0
            return dropped
        }
        _ = dropped
    }

    /// Entries held and what they cost, in bytes.
    var usage: (entries: Int, bytes: Int) { state.read { ($0.entries.count, $0.bytes) } }
}
