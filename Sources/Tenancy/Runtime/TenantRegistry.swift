import Blueprint
import Foundation
import Postgres
import Synchronization
import Telegram
import TesseraLog

/// The tenants a server currently serves, kept current through LISTEN/NOTIFY (a change is served
/// within a second, without restart) with a periodic poll as the fallback.
public final class TenantRegistry: Sendable {
    private let pool: PostgresPool
    private let masterKey: MasterKey
    private let logger: Logger
    private let initDataMaxAge: TimeInterval
    private let tenants = ReadWriteLocked<[String: LiveTenant]>([:])
    /// Tenants in the directory that could not be loaded, with the reason (never a secret).
    private let failures = ReadWriteLocked<[String: String]>([:])
    private let catalog = TenantCatalog()
    private let listener = Mutex<PostgresListener?>(nil)
    private let poller = Mutex<PollTimer?>(nil)

    public init(pool: PostgresPool, masterKey: MasterKey, initDataMaxAge: TimeInterval, logger: Logger) {
        self.pool = pool
        self.masterKey = masterKey
        self.initDataMaxAge = initDataMaxAge
        self.logger = logger
    }

    /// The live tenant for `slug`, if it exists.
    public func tenant(_ slug: String) -> LiveTenant? {
        tenants.read { $0[slug] }
    }

    public var all: [LiveTenant] {
        tenants.read { Array($0.values) }.sorted { $0.slug < $1.slug }
    }

    /// Why `slug` exists in the directory but cannot be served (e.g. a wrong master key), if so.
    public func failure(_ slug: String) -> String? {
        failures.read { $0[slug] }
    }

    /// How many tenants failed to load.
    public var failureCount: Int { failures.read { $0.count } }

    /// Loads every tenant from the directory, replacing what was there. A tenant that cannot be
    /// loaded is logged and remembered as failed; the others are served.
    public func reloadAll() throws {
        let records = try pool.withConnection { try catalog.all($0) }
        var loaded: [String: LiveTenant] = [:]
        var failed: [String: String] = [:]
        for record in records {
            do {
                loaded[record.slug.rawValue] = try load(record)
            } catch {
                failed[record.slug.rawValue] = String(describing: error)
                logger.error(
                    "tenant cannot be loaded", [("tenant", .string(record.slug.rawValue)), ("error", .string(String(describing: error)))])
            }
        }
        // The replaced tenants (and their caches) are freed after the lock is released: every
        // request, inline ones on the event loops included, reads this map.
        let replaced = tenants.write { current in
            var replaced = loaded
            swap(&replaced, &current)
            return replaced
        }
        failures.write { $0 = failed }
        _ = replaced
    }

    /// Reloads one tenant (or forgets it when it was deleted).
    public func reload(_ slug: TenantSlug) {
        do {
            let record = try pool.withConnection { try catalog.find(slug, $0) }
            guard let record else {
                let removed = tenants.write { $0.removeValue(forKey: slug.rawValue) }
                failures.write { _ = $0.removeValue(forKey: slug.rawValue) }
                _ = removed
                logger.info("tenant removed", [("tenant", .string(slug.rawValue))])
                return
            }
            let live: LiveTenant
            do {
                live = try load(record)
            } catch let error as TenancyError {
                // The tenant itself is broken (undecryptable token, invalid stored blueprint):
                // stop serving the stale version. Database errors keep the old one instead.
                let removed = tenants.write { $0.removeValue(forKey: slug.rawValue) }
                failures.write { $0[slug.rawValue] = error.description }
                _ = removed
                throw error
            }
            let replaced = tenants.write { $0.updateValue(live, forKey: slug.rawValue) }
            failures.write { _ = $0.removeValue(forKey: slug.rawValue) }
            _ = replaced
            logger.info(
                "tenant loaded",
                [("tenant", .string(slug.rawValue)), ("version", .int(live.version)), ("status", .string(live.status.rawValue))])
        } catch {
            logger.error("tenant reload failed", [("tenant", .string(slug.rawValue)), ("error", .string(String(describing: error)))])
        }
    }

    func load(_ record: TenantRecord) throws -> LiveTenant {
        guard let version = record.liveVersion else { throw TenancyError.versionNotFound(slug: record.slug.rawValue, version: 0) }
        let stored = try pool.withConnection { try catalog.version(version, of: record.id, $0) }
        guard let stored else { throw TenancyError.versionNotFound(slug: record.slug.rawValue, version: version) }
        guard case .success(let blueprint) = BlueprintLoader.load(Array(stored.document.utf8), file: "version \(version)") else {
            throw TenancyError.storedBlueprintInvalid(slug: record.slug.rawValue, version: version)
        }
        guard let token = try? masterKey.open(record.botTokenSealed, context: record.slug.rawValue), let botToken = BotToken(token)
        else {
            throw TenancyError.corruptSecret(slug: record.slug.rawValue)
        }
        var secret: WebhookSecret?
        if let sealed = record.webhookSecretSealed {
            guard let opened = try? WebhookSecret.open(sealed, slug: record.slug, masterKey: masterKey) else {
                throw TenancyError.corruptSecret(slug: record.slug.rawValue)
            }
            secret = opened
        }
        let validator = InitDataValidator(botToken: token, maxAge: initDataMaxAge)
        return LiveTenant(
            record: record, version: version, blueprint: blueprint, validator: validator, botToken: botToken, webhookSecret: secret)
    }

    /// What `/readyz` says about hot reload: nil when not watching.
    public struct WatchStatus: Sendable, Equatable {
        /// LISTEN is in effect on a live connection.
        public var listening: Bool
        /// Whether the listener's self-probe came back (`.deaf`: changes arrive only with the poll).
        public var hearing: PostgresListener.Hearing
    }

    public var watchStatus: WatchStatus? {
        listener.withLock { $0.map { WatchStatus(listening: $0.isListening, hearing: $0.hearing) } }
    }

    /// The text logged with a deaf listener: where to look and what to set.
    public static let deafListenerHint =
        "LISTEN needs its own PostgreSQL session: if DATABASE_URL goes through PgBouncer in transaction or statement mode, set TESSERA_LISTEN_DATABASE_URL to a direct (or session-pooled) connection"

    /// Starts following changes: LISTEN on the tenant channel through `configuration` (a direct
    /// connection, not a transaction pool), a self-probe through the pool every `probeInterval`
    /// seconds that reveals a deaf listener, and a poll every `pollInterval` seconds that catches
    /// anything missed while disconnected or deaf.
    public func startWatching(
        configuration: PostgresConfiguration, pollInterval: TimeInterval = 15, probeInterval: TimeInterval = 30,
        probeTimeout: TimeInterval = 5
    ) {
        let pool = self.pool
        // Sent through the pool, as real changes are: a listener that hears it hears them.
        let probe = PostgresListener.Probe(interval: probeInterval, timeout: probeTimeout, hint: Self.deafListenerHint) { channel, payload in
            _ = try pool.execute("SELECT pg_notify(\(channel), \(payload))")
        }
        let listener = PostgresListener(
            configuration: configuration, channels: [TenantCatalog.changeChannel], logger: logger, probe: probe,
            onReconnect: { [weak self] in try? self?.reloadAll() }
        ) { [weak self] _, payload in
            guard let self, let slug = try? TenantSlug(payload) else { return }
            self.reload(slug)
        }
        listener.start()
        self.listener.withLock { $0 = listener }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "tessera.tenant-poll"))
        timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval)
        timer.setEventHandler { [weak self] in self?.pollForChanges() }
        timer.resume()
        poller.withLock { $0 = PollTimer(timer: timer) }
    }

    public func stopWatching() {
        listener.withLock { $0?.stop(); $0 = nil }
        poller.withLock { $0?.timer.cancel(); $0 = nil }
    }

    private func pollForChanges() {
        guard let records = try? pool.withConnection({ try catalog.all($0) }) else { return }
        let known = tenants.read { $0 }
        let current = Set(records.map(\.slug.rawValue))
        for record in records {
            let live = known[record.slug.rawValue]
            if live == nil || live!.updatedAt != record.updatedAt || live!.version != record.liveVersion
                || live!.status != record.status
            {
                reload(record.slug)
            }
        }
        for slug in known.keys where !current.contains(slug) {
            if let s = try? TenantSlug(slug) { reload(s) }
        }
    }
}

/// Dispatch sources are thread-safe (their API may be called from any thread); the box only
/// exists because DispatchSourceTimer is not declared Sendable.
private final class PollTimer: @unchecked Sendable {
    let timer: DispatchSourceTimer
    init(timer: DispatchSourceTimer) { self.timer = timer }
}
