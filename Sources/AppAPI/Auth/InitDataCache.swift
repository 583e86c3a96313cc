import Foundation
import Telegram
import Tenancy

/// Remembers initData strings that already passed validation, so the hot path does not repeat
/// the HMAC and the JSON parsing on every call of the same session. Entries keep their own
/// expiry (auth_date + max age), and the cache is bounded.
final class InitDataCache: Sendable {
    private struct Entry: Sendable {
        var data: InitData
        var expires: Date
    }

    private let entries = ReadWriteLocked<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func get(tenantID: Int64, raw: String, now: Date) -> InitData? {
        let key = Self.key(tenantID, raw)
        guard let entry = entries.read({ $0[key] }), entry.expires > now else { return nil }
        return entry.data
    }

    func put(tenantID: Int64, raw: String, data: InitData, expires: Date) {
        let key = Self.key(tenantID, raw)
        entries.write { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = Entry(data: data, expires: expires)
        }
    }

    private static func key(_ tenantID: Int64, _ raw: String) -> String { "\(tenantID)\u{0}\(raw)" }
}
