import Foundation
import Telegram

/// Remembers initData strings that already passed validation, so the hot path does not repeat
/// the HMAC and the JSON parsing on every call of the same session. Entries keep their own
/// expiry (auth_date + max age), and the cache is bounded. Each `LiveTenant` owns one, so a
/// reload (a rotated bot token, a suspension) starts from an empty cache.
public final class InitDataCache: Sendable {
    private struct Entry: Sendable {
        var data: InitData
        var expires: Date
    }

    private let store: BudgetedStore<Entry>

    /// Bounded by `capacity` entries and by the process's `CacheBudget`, like `ResponseCache`.
    public init(capacity: Int = 100_000, budget: CacheBudget = .shared) {
        store = BudgetedStore(capacity: capacity, budget: budget)
    }

    public func get(_ raw: String, now: Date) -> InitData? {
        guard let entry = store[raw], entry.expires > now else { return nil }
        return entry.data
    }

    public func put(_ raw: String, data: InitData, expires: Date) {
        // The parsed fields hold at most what the raw string does.
        let cost = CacheBudget.cost(key: raw, payload: raw.utf8.count)
        store.put(raw, Entry(data: data, expires: expires), cost: cost)
    }

    /// Entries held and what they cost, in bytes.
    public var usage: (entries: Int, bytes: Int) { store.usage }
}
