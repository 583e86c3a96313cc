import Synchronization

/// One bound, in bytes, on what every tenant's caches hold together (rendered responses and
/// validated initData): a process serving 1,000 tenants has one number to size, not one per
/// tenant. A cache whose next entry would take the total over the limit starts over (drops its
/// own entries, returning their bytes) before it keeps the entry; a cache that goes away (a
/// tenant reloaded) returns its bytes. The total so stays within the limit plus one entry per
/// cache that has not written since it was crossed.
public final class CacheBudget: Sendable {
    /// The process's budget: 256 MiB.
    public static let shared = CacheBudget(limit: 256 << 20)

    /// The bound, in bytes.
    public let limit: Int
    private let used = Atomic<Int>(0)

    public init(limit: Int) { self.limit = limit }

    /// Bytes the caches hold now.
    public var bytes: Int { used.load(ordering: .relaxed) }

    /// Whether `more` bytes still fit.
    func fits(_ more: Int) -> Bool { used.load(ordering: .relaxed) + more <= limit }

    /// Accounts for bytes taken (positive) or given back (negative).
    func add(_ delta: Int) { used.add(delta, ordering: .relaxed) }

    /// What an entry costs: its key, its payload and a fixed overhead for the dictionary slot,
    /// the strings' headers and the entry's other fields.
    static func cost(key: String, payload: Int) -> Int { key.utf8.count + payload + 96 }
}

/// A cache's entries and what they cost, charged to a `CacheBudget` and bounded by a count too:
/// what `ResponseCache` and `InitDataCache` keep. A full store starts over; a store that goes
/// away gives its bytes back.
final class BudgetedStore<Value: Sendable>: Sendable {
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
    }

    deinit { budget.add(-state.read { $0.bytes }) }

    subscript(key: String) -> Value? { state.read { $0.entries[key]?.value } }

    /// Keeps `value` under `key`; starts over first when `capacity` entries are held or the
    /// budget would be crossed.
    func put(_ key: String, _ value: Value, cost: Int) {
        state.write { state in
            var delta = cost - (state.entries[key]?.cost ?? 0)
            if state.entries.count >= capacity || !budget.fits(delta) {
                budget.add(-state.bytes)
                state.entries.removeAll(keepingCapacity: true)
                state.bytes = 0
                delta = cost
            }
            state.entries[key] = (value, cost)
            state.bytes += delta
            budget.add(delta)
        }
    }

    /// Entries held and what they cost, in bytes.
    var usage: (entries: Int, bytes: Int) { state.read { ($0.entries.count, $0.bytes) } }
}
