import Blueprint
import Foundation
import Postgres
import Telegram

/// A tenant as a running server sees it: its live blueprint, interpreter and initData validator.
/// Immutable; a reload replaces the whole value, which also drops its response cache.
public final class LiveTenant: Sendable {
    public let id: Int64
    public let slug: TenantSlug
    public let schema: Identifier
    public let status: TenantRecord.Status
    /// The tenant's bot (`@` omitted), for `t.me` links.
    public let botUsername: String
    public let version: Int64
    public let blueprint: Blueprint
    public let interpreter: BlueprintInterpreter
    public let validator: InitDataValidator
    /// The bot token, for Bot API calls (its description is redacted).
    public let botToken: BotToken
    /// The secret Telegram must send with webhook calls; nil means none is accepted.
    public let webhookSecret: WebhookSecret?
    public let updatedAt: Date
    /// Rendered responses of this version, keyed by the caller's context.
    public let cache = ResponseCache()
    /// initData strings this tenant's validator accepted.
    public let initDataCache = InitDataCache()

    init(
        record: TenantRecord, version: Int64, blueprint: Blueprint, validator: InitDataValidator, botToken: BotToken,
        webhookSecret: WebhookSecret?
    ) {
        id = record.id
        slug = record.slug
        schema = record.schema
        status = record.status
        botUsername = record.botUsername
        self.version = version
        self.blueprint = blueprint
        interpreter = BlueprintInterpreter(blueprint)
        self.validator = validator
        self.botToken = botToken
        self.webhookSecret = webhookSecret
        updatedAt = record.updatedAt
    }
}

/// A small bounded cache of serialised response bodies with their ETags.
public final class ResponseCache: Sendable {
    public struct Entry: Sendable {
        public var body: [UInt8]
        public var etag: String
        public var expires: Date
        /// The content version it was built from (live screens); 0 for the rest.
        public var version: UInt64

        public init(body: [UInt8], etag: String, expires: Date, version: UInt64 = 0) {
            self.body = body
            self.etag = etag
            self.expires = expires
            self.version = version
        }
    }

    private let entries = ReadWriteLocked<[String: Entry]>([:])
    private let capacity: Int

    public init(capacity: Int = 4_096) { self.capacity = capacity }

    public func get(_ key: String, now: Date, version: UInt64 = 0) -> Entry? {
        guard let entry = entries.read({ $0[key] }), entry.expires > now, entry.version == version else { return nil }
        return entry
    }

    public func put(_ key: String, _ entry: Entry) {
        entries.write { map in
            // Crude but bounded: a full cache starts over rather than growing without limit.
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = entry
        }
    }
}
