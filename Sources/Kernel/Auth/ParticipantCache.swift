import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// Keeps the participant row current without writing on every request: the row is upserted on
/// first sight, when the Telegram profile changes, or when `last_seen_at` is older than `refresh`.
/// Tags are staff's to change, on any server: a cached entry re-reads them (one primary-key read,
/// no write) once they are older than `tagsRefresh`, so a changed tag reaches `visible_if` on
/// every server within that time.
public final class ParticipantTracker: Sendable {
    private struct Entry: Sendable {
        var snapshot: ParticipantSnapshot
        var profile: TelegramUser
        var written: Date
        var tagsRead: Date
    }

    private let pool: PostgresPool
    private let store = ParticipantStore()
    private let refresh: TimeInterval
    private let tagsRefresh: TimeInterval
    private let entries = ReadWriteLocked<[String: Entry]>([:])
    private let capacity = 200_000

    public init(pool: PostgresPool, refresh: TimeInterval = 300, tagsRefresh: TimeInterval = 10) {
        self.pool = pool
        self.refresh = refresh
        self.tagsRefresh = tagsRefresh
    }

    public func touch(_ data: InitData, tenant: LiveTenant, now: Date = Date()) throws -> ParticipantSnapshot {
        let key = "\(tenant.id):\(data.user.id)"
        if var entry = entries.read({ $0[key] }), entry.profile == data.user,
            now.timeIntervalSince(entry.written) < refresh
        {
            if now.timeIntervalSince(entry.tagsRead) < tagsRefresh { return entry.snapshot }
            let id = entry.snapshot.id
            let row = try pool.withConnection { conn in
                try conn.query(
                    "SELECT array_to_json(tags)::text FROM \(ident: tenant.schema).participants WHERE id = \(id)"
                ).first
            }
            // A participant deleted meanwhile is upserted again below, as on first sight.
            if let row {
                let tagsJSON = try row.decode(String.self, 0)
                entry.snapshot.tags =
                    (try? JSONParser.parse(Array(tagsJSON.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
                entry.snapshot.created = false
                entry.tagsRead = now
                entries.write { $0[key] = entry }
                return entry.snapshot
            }
        }
        let snapshot = try pool.withConnection { conn in
            try store.upsert(data.user, startParam: data.startParam, schema: tenant.schema, conn)
        }
        entries.write { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = Entry(snapshot: snapshot, profile: data.user, written: now, tagsRead: now)
        }
        return snapshot
    }

    /// Forgets cached participants (after their tags changed, for instance).
    public func invalidate() { entries.write { $0.removeAll() } }
}
