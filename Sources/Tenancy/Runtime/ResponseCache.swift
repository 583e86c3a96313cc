import Foundation

/// Serialised response bodies with their ETags, of one tenant's blueprint version, keyed by the
/// caller's context. Bounded twice: at most `capacity` entries, and the process's `CacheBudget`
/// in bytes (over it, a write reclaims expired entries and then whole caches, largest first).
public final class ResponseCache: Sendable {
    public struct Entry: Expiring {
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

    private let store: BudgetedStore<Entry>

    public init(capacity: Int = 4_096, budget: CacheBudget = .shared) {
        store = BudgetedStore(capacity: capacity, budget: budget)
    }

    public func get(_ key: String, now: Date, version: UInt64 = 0) -> Entry? {
        guard let entry = store[key], entry.expires > now, entry.version == version else { return nil }
        return entry
    }

    public func put(_ key: String, _ entry: Entry) {
        let cost = CacheBudget.cost(key: key, payload: entry.body.count + entry.etag.utf8.count)
        store.put(key, entry, cost: cost)
    }

    /// Entries held and what they cost, in bytes.
    public var usage: (entries: Int, bytes: Int) { store.usage }
}
