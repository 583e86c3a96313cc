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

/// A cache's entries and what they cost, charged to a `CacheBudget` and bounded by a count too.
/// Not locked itself: the cache keeps it behind its `ReadWriteLocked`.
struct BudgetedEntries<Value> {
    private(set) var entries: [String: (value: Value, cost: Int)] = [:]
    /// What `entries` costs, as charged to the budget.
    private(set) var bytes = 0

    subscript(key: String) -> Value? { entries[key]?.value }

    /// Keeps `value` under `key`; starts over first when `capacity` entries are held or the
    /// budget would be crossed.
    mutating func put(_ key: String, _ value: Value, cost: Int, capacity: Int, budget: CacheBudget) {
        var delta = cost - (entries[key]?.cost ?? 0)
        if entries.count >= capacity || !budget.fits(delta) {
            release(to: budget)
            delta = cost
        }
        entries[key] = (value, cost)
        bytes += delta
        budget.add(delta)
    }

    /// Drops every entry and gives their bytes back.
    mutating func release(to budget: CacheBudget) {
        budget.add(-bytes)
        entries.removeAll(keepingCapacity: true)
        bytes = 0
    }
}
