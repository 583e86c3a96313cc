import Foundation
import Postgres
import Synchronization
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// Keeps the participant row current without writing on every request: the row is upserted on
/// first sight, when the Telegram profile changes, or when `last_seen_at` is older than `refresh`.
///
/// The cached row carries the participant's ban, so a ban made on another server must reach this
/// cache: `startWatching` LISTENs on `ParticipantStanding.channel` and forgets the participant a ban
/// or unban names (everyone after a reconnect, as notifications may have been missed); without a
/// listener the cache still re-reads the row after `refresh`. Tags are staff's to change, on any
/// server: a cached entry re-reads them (one primary-key read, no write) once they are older than
/// `tagsRefresh`, so a changed tag reaches `visible_if` on every server within that time.
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
    private let listener = Mutex<PostgresListener?>(nil)

    public init(pool: PostgresPool, refresh: TimeInterval = 300, tagsRefresh: TimeInterval = 10) {
        self.pool = pool
        self.refresh = refresh
        self.tagsRefresh = tagsRefresh
    }

    public func touch(_ data: InitData, tenant: LiveTenant, now: Date = Date()) throws -> ParticipantSnapshot {
        if let fresh = cached(data, tenant: tenant, now: now) { return fresh }
        let key = Self.key(tenantID: tenant.id, telegramID: data.user.id)
        if var entry = entries.read({ $0[key] }), entry.profile == data.user,
            now.timeIntervalSince(entry.written) < refresh
        {
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
            // A first launch through a friend's `startapp=ref_<id>` link is a referral, recorded
            // with the participant; ids grow, so a real referrer joined before the newcomer. Any
            // other launch is the upsert alone, without a transaction's extra round trips.
            guard let referrer = ReferralCode.referrer(in: data.startParam) else {
                return try store.upsert(data.user, startParam: data.startParam, schema: tenant.schema, conn)
            }
            return try conn.transaction { conn in
                let snapshot = try store.upsert(data.user, startParam: data.startParam, schema: tenant.schema, conn)
                if snapshot.created, referrer < snapshot.id {
                    try ReferralRecords(schema: tenant.schema).record(
                        referrerID: referrer, referredID: snapshot.id, at: now, conn)
                }
                return snapshot
            }
        }
        // A full cache starts over; the old entries are freed after the lock is released.
        let dropped = entries.write { map -> [String: Entry] in
            var dropped: [String: Entry] = [:]
            if map[key] == nil, map.count >= capacity { swap(&dropped, &map) }
            map[key] = Entry(snapshot: snapshot, profile: data.user, written: now, tagsRead: now)
            return dropped
        }
        _ = dropped
        return snapshot
    }

    /// The participant as `touch` would return them, if that needs no database: known, with the
    /// same Telegram profile, written within `refresh` and tags read within `tagsRefresh`. Nil
    /// otherwise (the caller then goes through `touch`). Never blocks.
    public func cached(_ data: InitData, tenant: LiveTenant, now: Date = Date()) -> ParticipantSnapshot? {
        guard let entry = entries.read({ $0[Self.key(tenantID: tenant.id, telegramID: data.user.id)] }),
            entry.profile == data.user, now.timeIntervalSince(entry.written) < refresh,
            now.timeIntervalSince(entry.tagsRead) < tagsRefresh
        else { return nil }
        var snapshot = entry.snapshot
        snapshot.created = false
        return snapshot
    }

    /// Forgets cached participants (after their tags changed, for instance).
    public func invalidate() {
        let dropped = entries.write { map -> [String: Entry] in
            var dropped: [String: Entry] = [:]
            swap(&dropped, &map)
            return dropped
        }
        _ = dropped
    }

    /// Forgets one participant: the next request re-reads their row.
    public func forget(tenantID: Int64, telegramID: Int64) {
        _ = entries.write { $0.removeValue(forKey: Self.key(tenantID: tenantID, telegramID: telegramID)) }
    }

    /// Follows `ParticipantStanding.channel` through `configuration` (a direct connection, like
    /// the tenant registry's listener); `stopWatching` ends it.
    public func startWatching(configuration: PostgresConfiguration, logger: Logger? = nil) {
        let listener = PostgresListener(
            configuration: configuration, channels: [ParticipantStanding.channel], logger: logger,
            onReconnect: { [weak self] in self?.invalidate() }
        ) { [weak self] _, payload in
            // The payload is the cache key itself: `<tenant id>:<telegram id>`.
            _ = self?.entries.write { $0.removeValue(forKey: payload) }
        }
        listener.start()
        self.listener.withLock { $0?.stop(); $0 = listener }
    }

    public func stopWatching() { listener.withLock { $0?.stop(); $0 = nil } }

    /// Whether `startWatching`'s LISTEN is in effect (tests wait for it before racing a NOTIFY).
    public var isWatching: Bool { listener.withLock { $0?.isListening ?? false } }

    static func key(tenantID: Int64, telegramID: Int64) -> String { "\(tenantID):\(telegramID)" }
}
