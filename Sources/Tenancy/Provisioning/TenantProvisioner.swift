import Blueprint
import Foundation
import Postgres
import TesseraCrypto

/// Creates, changes and removes tenants. Every operation is one transaction: on any failure
/// nothing is left behind, and running servers hear of the change through NOTIFY at commit.
public struct TenantProvisioner: Sendable {
    public let pool: PostgresPool
    public let masterKey: MasterKey
    public let tenantMigrations: [Migration]
    let catalog = TenantCatalog()
    var p: Identifier { TenantCatalog.platformSchema }

    public init(pool: PostgresPool, masterKey: MasterKey, tenantMigrations: [Migration]) {
        self.pool = pool
        self.masterKey = masterKey
        self.tenantMigrations = tenantMigrations
    }

    /// Provisions a tenant: catalog row, schema, tenant migrations and blueprint version 1.
    @discardableResult
    public func create(_ manifest: TenantManifest, botToken: BotToken, blueprint: Blueprint) throws -> TenantRecord {
        let sealed = try masterKey.seal(botToken.value, context: manifest.slug.rawValue)
        let webhookSecret = try WebhookSecret.generate().seal(slug: manifest.slug, masterKey: masterKey)
        let document = blueprint.canonicalJSON()
        return try pool.transaction { conn in
            if try catalog.find(manifest.slug, conn) != nil { throw TenancyError.tenantExists(manifest.slug.rawValue) }
            let schema = manifest.slug.schema
            let existing = try conn.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema.raw)")
            guard existing.count == 0 else { throw TenancyError.schemaExists(schema.raw) }
            let id: Int64
            do {
                id = try conn.query(
                    """
                    INSERT INTO \(ident: p).tenants (slug, title, schema_name, bot_username, bot_token_sealed, webhook_secret_sealed)
                    VALUES (\(manifest.slug.rawValue), \(manifest.title), \(schema.raw), \(manifest.botUsername), \(sealed),
                            \(webhookSecret))
                    RETURNING id
                    """
                ).first!.decode(Int64.self, 0)
            } catch let error as PostgresError where error.sqlState == "23505" {
                throw TenancyError.tenantExists(manifest.slug.rawValue)
            }
            let applied = try Migrator.migrate(conn, schema: schema, migrations: tenantMigrations)
            let schemaVersion = Int64(applied.map(\.version).max() ?? 0)
            try insertVersion(1, tenantID: id, document: document, source: manifest.blueprintPath, conn)
            try conn.execute(
                "UPDATE \(ident: p).tenants SET live_version = 1, schema_version = \(schemaVersion) WHERE id = \(id)")
            try catalog.notifyChanged(manifest.slug, conn)
            return try catalog.require(manifest.slug, conn)
        }
    }

    /// What `apply` changed (or would change with `dryRun`).
    public struct ApplyOutcome: Sendable {
        /// Readable diff of the blueprint against the live version; empty when unchanged.
        public var diff: [String]
        public var previousVersion: Int64?
        /// The new live version, or nil when the blueprint did not change.
        public var newVersion: Int64?
        public var titleChanged: Bool
        public var botChanged: Bool
        /// The token the tenant had before, when `apply` replaced it (not on a dry run): its bot
        /// still has the webhook and should be retired (`WebhookRegistrar.retire`).
        public var previousToken: BotToken?
        public var changed: Bool { newVersion != nil || titleChanged || botChanged }
    }

    /// Stores the manifest's blueprint as a new version when it differs from the live one, and
    /// updates title, bot username and (when given) bot token. A new token also gets a new
    /// webhook secret, so the old bot, until its webhook is deleted, is refused with the old one.
    public func apply(_ manifest: TenantManifest, botToken: BotToken?, blueprint: Blueprint, dryRun: Bool = false) throws
        -> ApplyOutcome
    {
        let document = blueprint.canonicalJSON()
        return try pool.transaction { conn in
            let record = try catalog.require(manifest.slug, conn, forUpdate: true)
            var live: Blueprint?
            if let liveVersion = record.liveVersion, let stored = try catalog.version(liveVersion, of: record.id, conn) {
                live = try? BlueprintLoader.load(Array(stored.document.utf8), file: "version \(liveVersion)").get()
            }
            let diff = live.map { Blueprint.diff(from: $0, to: blueprint) } ?? ["+ / (whole blueprint)"]
            let currentToken = try? masterKey.open(record.botTokenSealed, context: record.slug.rawValue)
            var outcome = ApplyOutcome(
                diff: live == blueprint ? [] : diff, previousVersion: record.liveVersion, newVersion: nil,
                titleChanged: record.title != manifest.title,
                botChanged: record.botUsername != manifest.botUsername || (botToken != nil && botToken?.value != currentToken))
            let blueprintChanged = live != blueprint
            if blueprintChanged {
                let next = (try conn.query(
                    "SELECT coalesce(max(version), 0) + 1 FROM \(ident: p).blueprint_versions WHERE tenant_id = \(record.id)"
                ).first!.decode(Int64.self, 0))
                outcome.newVersion = next
                if !dryRun {
                    try insertVersion(next, tenantID: record.id, document: document, source: manifest.blueprintPath, conn)
                    try QuestOverridePruning.prune(record.schema, live: blueprint, conn)
                }
            }
            guard !dryRun, outcome.changed else { return outcome }
            let sealed = try botToken.map { try masterKey.seal($0.value, context: manifest.slug.rawValue) } ?? record.botTokenSealed
            var webhookSecret = record.webhookSecretSealed
            if let botToken, botToken.value != currentToken {
                outcome.previousToken = currentToken.flatMap { BotToken($0) }
                webhookSecret = try WebhookSecret.generate().seal(slug: manifest.slug, masterKey: masterKey)
            }
            try conn.execute(
                """
                UPDATE \(ident: p).tenants SET title = \(manifest.title), bot_username = \(manifest.botUsername),
                  bot_token_sealed = \(sealed), webhook_secret_sealed = \(webhookSecret),
                  live_version = \(outcome.newVersion ?? record.liveVersion ?? 1), updated_at = now()
                WHERE id = \(record.id)
                """)
            try catalog.notifyChanged(manifest.slug, conn)
            return outcome
        }
    }

    /// Makes an earlier stored version live again, without downtime.
    @discardableResult
    public func rollback(_ slug: TenantSlug, to version: Int64) throws -> (from: Int64?, to: Int64) {
        try pool.transaction { conn in
            let record = try catalog.require(slug, conn, forUpdate: true)
            guard let stored = try catalog.version(version, of: record.id, conn) else {
                throw TenancyError.versionNotFound(slug: slug.rawValue, version: version)
            }
            if let blueprint = try? BlueprintLoader.load(Array(stored.document.utf8), file: "version \(version)").get() {
                try QuestOverridePruning.prune(record.schema, live: blueprint, conn)
            }
            try conn.execute(
                "UPDATE \(ident: p).tenants SET live_version = \(version), updated_at = now() WHERE id = \(record.id)")
            try catalog.notifyChanged(slug, conn)
            return (record.liveVersion, version)
        }
    }

    /// Suspends or resumes a tenant; a suspended tenant's API answers 403 and its data stays.
    public func setStatus(_ slug: TenantSlug, _ status: TenantRecord.Status) throws {
        try pool.transaction { conn in
            let record = try catalog.require(slug, conn, forUpdate: true)
            try conn.execute(
                "UPDATE \(ident: p).tenants SET status = \(status.rawValue), updated_at = now() WHERE id = \(record.id)")
            try catalog.notifyChanged(slug, conn)
        }
    }

    /// Removes the tenant, its schema and all its data.
    public func delete(_ slug: TenantSlug) throws {
        try pool.transaction { conn in
            let record = try catalog.require(slug, conn, forUpdate: true)
            try conn.simpleQuery("DROP SCHEMA IF EXISTS \(record.schema.quoted) CASCADE")
            try conn.execute("DELETE FROM \(ident: p).tenants WHERE id = \(record.id)")
            try catalog.notifyChanged(slug, conn)
        }
    }

    /// Decrypts a tenant's bot token (for the server; never printed).
    public func botToken(of record: TenantRecord) throws -> BotToken {
        guard let raw = try? masterKey.open(record.botTokenSealed, context: record.slug.rawValue), let token = BotToken(raw)
        else { throw TenancyError.corruptSecret(slug: record.slug.rawValue) }
        return token
    }

    func insertVersion(_ version: Int64, tenantID: Int64, document: [UInt8], source: String, _ conn: PostgresConnection) throws {
        let text = String(decoding: document, as: UTF8.self)
        let checksum = Hex.encode(SHA256.hash(document))
        try conn.execute(
            """
            INSERT INTO \(ident: p).blueprint_versions (tenant_id, version, document, checksum, source)
            VALUES (\(tenantID), \(version), \(text), \(checksum), \(source))
            """)
    }
}
