import Foundation
import Postgres
import Telegram
import Tenancy

/// Keeps the participant row current without writing on every request: the row is upserted on
/// first sight, when the Telegram profile changes, or when `last_seen_at` is older than `refresh`.
public final class ParticipantTracker: Sendable {
    private struct Entry: Sendable {
        var snapshot: ParticipantSnapshot
        var profile: TelegramUser
        var written: Date
    }

    private let pool: PostgresPool
    private let store = ParticipantStore()
    private let refresh: TimeInterval
    private let entries = ReadWriteLocked<[String: Entry]>([:])
    private let capacity = 200_000

    public init(pool: PostgresPool, refresh: TimeInterval = 300) {
        self.pool = pool
        self.refresh = refresh
    }

    public func touch(_ data: InitData, tenant: LiveTenant, now: Date = Date()) throws -> ParticipantSnapshot {
        let key = "\(tenant.id):\(data.user.id)"
        if let entry = entries.read({ $0[key] }), entry.profile == data.user, now.timeIntervalSince(entry.written) < refresh {
            return entry.snapshot
        }
        let snapshot = try pool.withConnection { conn in
            try store.upsert(data.user, startParam: data.startParam, schema: tenant.schema, conn)
        }
        entries.write { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = Entry(snapshot: snapshot, profile: data.user, written: now)
        }
        return snapshot
    }

    /// Forgets cached participants (after their tags changed, for instance).
    public func invalidate() { entries.write { $0.removeAll() } }
}
