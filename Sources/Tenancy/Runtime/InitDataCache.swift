import Foundation
import Telegram

/// Remembers initData strings that already passed validation, so the hot path does not repeat
/// the HMAC and the JSON parsing on every call of the same session. Entries keep their own
/// expiry (auth_date + max age), and the cache is bounded. Each `LiveTenant` owns one, so a
/// reload (a rotated bot token, a suspension) starts from an empty cache.
///
/// Keyed by the validated `hash`, not the raw string: one signed initData can be re-encoded in
/// countless ways that all validate (fields reordered, bytes percent-escaped), and keyed by the
/// raw string each would take its own entry. Here they share one, and a hit needs the very
/// string that was validated, byte for byte, so a re-encoding is validated afresh and replaces it.
public final class InitDataCache: Sendable {
    struct Entry: Expiring {
        var raw: String
        var data: InitData
        var expires: Date
    }

    private let store: BudgetedStore<Entry>

    /// Bounded by `capacity` entries and by the process's `CacheBudget`, like `ResponseCache`.
    public init(capacity: Int = 100_000, budget: CacheBudget = .shared) {
        store = BudgetedStore(capacity: capacity, budget: budget)
    }

    public func get(_ raw: String, now: Date) -> InitData? {
        guard let hash = Self.hashField(raw), let entry = store[hash], entry.expires > now, entry.raw == raw else {
            return nil
        }
        return entry.data
    }

    /// Keeps `data`, validated from `raw`; initData validated by signature alone (no hash) is not kept.
    public func put(_ raw: String, data: InitData, expires: Date) {
        guard !data.hash.isEmpty else { return }
        // The raw string, and the parsed fields, which hold at most what it does.
        let cost = CacheBudget.cost(key: data.hash, payload: 2 * raw.utf8.count)
        store.put(data.hash, Entry(raw: raw, data: data, expires: expires), cost: cost)
    }

    /// Entries held and what they cost, in bytes.
    public var usage: (entries: Int, bytes: Int) { store.usage }

    /// The raw value of the `hash` field of a query string, without decoding; nil without one.
    /// A scan of bytes, cheaper than the dictionary hashing the whole string.
    static func hashField(_ raw: String) -> String? {
        let bytes = raw.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            let pair = bytes[start..<end]
            if pair.starts(with: "hash=".utf8) {
                return String(raw[bytes.index(start, offsetBy: 5)..<end])
            }
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return nil
    }
}
