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

    private let entries = ReadWriteLocked<[String: Entry]>([:])
    private let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    public func get(_ raw: String, now: Date) -> InitData? {
        guard let entry = entries.read({ $0[raw] }), entry.expires > now else { return nil }
        return entry.data
    }

    public func put(_ raw: String, data: InitData, expires: Date) {
        entries.write { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[raw] = Entry(data: data, expires: expires)
        }
    }
}
