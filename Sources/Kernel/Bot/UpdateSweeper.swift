import Foundation
import Synchronization
import Tenancy
import TesseraLog

/// Retries updates that were acknowledged but not processed: after a processing failure, and
/// after a crash between the acknowledgement and the work (of this or another server).
///
/// Tenants whose processing failed here are marked dirty and swept every `interval`; every
/// tenant is swept at start and every `fullSweepInterval` (one cheap indexed query per tenant),
/// which catches what a crashed server left behind without querying every schema every few seconds.
public final class UpdateSweeper: Sendable {
    public struct Settings: Sendable {
        /// Seconds between sweeps of dirty tenants.
        public var interval: Double = 5
        /// Seconds between sweeps of every tenant.
        public var fullSweepInterval: Double = 300
        /// An update younger than this is left to the request that received it.
        public var minimumAge: Double = 10
        /// After this many failed attempts an update stays in `updates` for inspection only.
        public var maxAttempts: Int = 10
        /// Back-off after attempt n: `backoffBase · 2^n` seconds (at most 5 minutes).
        public var backoffBase: Double = 1
        /// Updates per tenant per sweep.
        public var batch: Int = 100

        public init() {}
    }

    private struct State {
        var dirty: Set<String> = []
        var running = false
        var lastFullSweep: Double = -.infinity
    }

    public let processor: UpdateProcessor
    public let registry: TenantRegistry
    public let settings: Settings
    let logger: Logger
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    public init(processor: UpdateProcessor, registry: TenantRegistry, settings: Settings = Settings(), logger: Logger) {
        self.processor = processor
        self.registry = registry
        self.settings = settings
        self.logger = logger
    }

    /// Asks for `slug` to be swept at the next tick.
    public func markDirty(_ slug: String) {
        _ = state.withLock { $0.dirty.insert(slug) }
    }

    /// Retries the due updates of one tenant; returns how many were processed.
    @discardableResult
    public func sweep(_ tenant: LiveTenant) -> Int {
        let ids: [UpdateKey]
        do {
            ids = try processor.due(
                tenant: tenant, minimumAge: settings.minimumAge, maxAttempts: settings.maxAttempts,
                backoffBase: settings.backoffBase,
                limit: settings.batch)
        } catch {
            logger.warning(
                "update sweep failed",
                [("tenant", .string(tenant.slug.rawValue)), ("error", .string(String(describing: error)))])
            markDirty(tenant.slug.rawValue)
            return 0
        }
        var processed = 0
        for id in ids {
            switch processor.process(id, tenant: tenant) {
            case .processed: processed += 1
            case .skipped: break
            case .failed: markDirty(tenant.slug.rawValue)
            }
        }
        return processed
    }

    /// One tick: the dirty tenants, or every tenant when a full sweep is due (or `full`).
    @discardableResult
    public func sweepOnce(full: Bool = false, now: Double = ProcessInfo.processInfo.systemUptime) -> Int {
        let (slugs, everyone) = state.withLock { s -> (Set<String>, Bool) in
            let everyone = full || now - s.lastFullSweep >= settings.fullSweepInterval
            if everyone { s.lastFullSweep = now }
            let slugs = s.dirty
            s.dirty.removeAll()
            return (slugs, everyone)
        }
        let tenants = everyone ? registry.all : slugs.compactMap { registry.tenant($0) }
        return tenants.reduce(0) { $0 + sweep($1) }
    }

    /// Starts the sweeping thread (the first tick sweeps every tenant).
    public func start() {
        let alreadyRunning = state.withLock { s -> Bool in
            defer { s.running = true }
            return s.running
        }
        guard !alreadyRunning else { return }
        let thread = Thread { [self] in
            while state.withLock({ $0.running }) {
                sweepOnce()
                _ = wake.wait(timeout: .now() + settings.interval)
            }
        }
        thread.name = "tessera-update-sweeper"
        thread.start()
    }

    public func stop() {
        state.withLock { $0.running = false }
        wake.signal()
    }
}
