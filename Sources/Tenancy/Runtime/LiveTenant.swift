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
