import Foundation
import Synchronization

/// The files staff opened lately, so that a conversation shown again (live updates re-render
/// its bubbles) does not ask Telegram again: small files only, for a few minutes, a bounded
/// total, oldest out first. Per process; a message's file never changes, so nothing goes stale.
final class MessageFileCache: Sendable {
    struct Entry: Sendable {
        var bytes: [UInt8]
        var type: MessageFileType
        var stored: Date
    }

    static let maxEntryBytes = 1 << 20
    static let maxTotalBytes = 16 << 20
    static let lifetime: TimeInterval = 600

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var total = 0
    }
    private let state = Mutex(State())

    func get(_ key: String, now: Date = Date()) -> Entry? {
        state.withLock { s in
            guard let entry = s.entries[key] else { return nil }
            guard now.timeIntervalSince(entry.stored) < Self.lifetime else {
                Self.remove(key, &s)
                return nil
            }
            return entry
        }
    }

    func put(_ key: String, _ entry: Entry) {
        guard entry.bytes.count <= Self.maxEntryBytes else { return }
        state.withLock { s in
            Self.remove(key, &s)
            while s.total + entry.bytes.count > Self.maxTotalBytes, let oldest = s.order.first { Self.remove(oldest, &s) }
            s.entries[key] = entry
            s.order.append(key)
            s.total += entry.bytes.count
        }
    }

    var totalBytes: Int { state.withLock { $0.total } }

    private static func remove(_ key: String, _ s: inout State) {
        guard let old = s.entries.removeValue(forKey: key) else { return }
        s.total -= old.bytes.count
        s.order.removeAll { $0 == key }
    }
}
