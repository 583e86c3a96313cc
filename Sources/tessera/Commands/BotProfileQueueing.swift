import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// Queues the push of a tenant's bot profile (menu button, commands, descriptions) after `tenant
/// create`, `apply`, `rollback` and `webhook`: a running server's job runner makes the calls,
/// skipping what Telegram already has. The menu button needs `TESSERA_PUBLIC_URL` (or `base`).
enum BotProfileQueueing {
    /// The queued job's id, or nil when the tenant has no live blueprint.
    static func enqueue(_ platform: Platform, _ slug: TenantSlug, base: String? = nil) throws(CLIError) -> Int64? {
        var publicURL = base
        if publicURL == nil { publicURL = try platform.configuration.publicURL() }
        return try platform.attempt {
            try platform.pool.transaction { conn -> Int64? in
                let record = try TenantCatalog().require(slug, conn)
                guard let version = record.liveVersion else { return nil }
                let appURL = publicURL.map { WelcomeJob.trimmed($0) + "/app/\(slug.rawValue)/" }
                return try BotProfileJob.enqueue(version: version, appURL: appURL, schema: record.schema, conn)
            }
        }
    }

    static func json(_ jobID: Int64?) -> JSONValue {
        jobID.map { ["queued": true, "job_id": .int($0)] } ?? ["queued": false]
    }

    static func report(_ jobID: Int64?, _ slug: TenantSlug) {
        guard let jobID else { return }
        Output.line("\(slug): bot profile (menu button, commands, descriptions) queued as job \(jobID)")
    }
}
