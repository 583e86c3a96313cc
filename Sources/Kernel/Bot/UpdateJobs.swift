import Foundation
import Postgres
import Tenancy
import TesseraJSON
import TesseraLog

/// Webhook updates through the job runner: the intake enqueues a `bot.update` job in the
/// transaction that stores the update (so an acknowledged update always has one), the request
/// processes it at once, and the job — due `minimumAge` later — retries what failed or what a
/// crash interrupted, on any server. Processing in time marks the job done in the same
/// transaction, so most jobs never run.
public struct UpdateJobs: Sendable {
    public static let kind: JobKind = "bot.update"

    public struct Settings: Sendable {
        /// An update younger than this is left to the request that received it.
        public var minimumAge: Double = 10
        /// After this many failed attempts (the first, inline, included) an update stays in
        /// `updates` for inspection only and its job is dead.
        public var maxAttempts: Int = 10
        /// Back-off after attempt n: `backoffBase · 2^n` seconds (at most 5 minutes).
        public var backoffBase: Double = 1

        public init() {}
    }

    public let processor: UpdateProcessor
    public let registry: TenantRegistry
    public let settings: Settings

    public init(processor: UpdateProcessor, registry: TenantRegistry, settings: Settings = Settings()) {
        self.processor = processor
        self.registry = registry
        self.settings = settings
    }

    static func dedupeKey(_ key: UpdateKey) -> String { "update:\(key.botID):\(key.updateID)" }

    /// Enqueues the update's job on `conn` (the transaction that stores the update).
    static func enqueue(_ key: UpdateKey, settings: Settings, schema: Identifier, _ conn: PostgresConnection) throws {
        try JobQueue(schema: schema).enqueue(
            Self.kind, payload: ["bot_id": .int(key.botID), "update_id": .int(key.updateID)],
            runAt: Date().addingTimeInterval(settings.minimumAge), maxAttempts: settings.maxAttempts,
            dedupeKey: Self.dedupeKey(key), on: conn)
    }

    public func register(on runner: JobRunner) {
        runner.register(Self.kind) { job in try run(job) }
    }

    func run(_ job: Job) throws -> JobOutcome {
        guard let botID = job.payload["bot_id"]?.integerValue, let updateID = job.payload["update_id"]?.integerValue
        else {
            return .fail(reason: "payload lacks bot_id and update_id")
        }
        guard let tenant = registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        let key = UpdateKey(botID: botID, updateID: updateID)
        switch processor.process(key, tenant: tenant) {
        case .processed:
            return .done
        case .skipped:
            // Processed already, or another worker holds it right now: look again later unless done.
            return try processor.isProcessed(key, tenant: tenant)
                ? .done : .retry(after: 5, reason: "held by another worker")
        case .failed(let why):
            let attempts = try processor.attempts(key, tenant: tenant)
            guard attempts < settings.maxAttempts else {
                return .fail(reason: "given up after \(attempts) attempts: \(why)")
            }
            return .retry(after: min(300, settings.backoffBase * pow(2, Double(attempts))), reason: why)
        }
    }

    /// Enqueues jobs for pending updates that have none — stored before updates had jobs, or
    /// written by hand; `tessera serve` runs it once at start. How many it enqueued.
    @discardableResult
    public func reconcile() throws -> Int {
        var enqueued = 0
        for tenant in registry.all {
            try processor.pool.transaction { conn in
                for key in try processor.inbox.pending(schema: tenant.schema, maxAttempts: settings.maxAttempts, conn) {
                    if case .enqueued = try JobQueue(schema: tenant.schema).enqueue(
                        Self.kind, payload: ["bot_id": .int(key.botID), "update_id": .int(key.updateID)],
                        maxAttempts: settings.maxAttempts, dedupeKey: Self.dedupeKey(key), on: conn)
                    {
                        enqueued += 1
                    }
                }
            }
        }
        return enqueued
    }
}
