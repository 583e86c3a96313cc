import Foundation

/// Serialised response bodies with their ETags, of one tenant's blueprint version, keyed by the
/// caller's context. Bounded twice: at most `capacity` entries, and the process's `CacheBudget`
/// in bytes; either bound reached, it starts over rather than growing.
public final class ResponseCache: Sendable {
    public struct Entry: Sendable {
        public var body: [UInt8]
        public var etag: String
        public var expires: Date
        /// The content version it was built from (live screens); 0 for the rest.
        public var version: UInt64

        public init(body: [UInt8], etag: String, expires: Date, version: UInt64 = 0) {
            self.body = body
            self.etag = etag
            self.expires = expires
            self.version = version
        }
    }

    private let state = ReadWriteLocked(BudgetedEntries<Entry>())
    private let capacity: Int
    private let budget: CacheBudget

    public init(capacity: Int = 4_096, budget: CacheBudget = .shared) {
        self.capacity = capacity
        self.budget = budget
    }

    deinit { budget.add(-state.read { $0.bytes }) }

    public func get(_ key: String, now: Date, version: UInt64 = 0) -> Entry? {
        guard let entry = state.read({ $0[key] }), entry.expires > now, entry.version == version else { return nil }
        return entry
    }

    public func put(_ key: String, _ entry: Entry) {
        let cost = CacheBudget.cost(key: key, payload: entry.body.count + entry.etag.utf8.count)
        state.write { $0.put(key, entry, cost: cost, capacity: capacity, budget: budget) }
    }

    /// Entries held and what they cost, in bytes.
    public var usage: (entries: Int, bytes: Int) { state.read { ($0.entries.count, $0.bytes) } }
}
