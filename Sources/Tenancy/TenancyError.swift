import Foundation

/// Failures of tenant provisioning and lookup, each saying what and where.
public enum TenancyError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSlug(String)
    case tenantExists(String)
    case tenantNotFound(String)
    case versionNotFound(slug: String, version: Int64)
    case missingBotToken(envVar: String)
    case invalidBotToken(envVar: String)
    case invalidMasterKey(String)
    case corruptSecret(slug: String)
    case storedBlueprintInvalid(slug: String, version: Int64)
    case migrationsNotFound(String)
    case schemaExists(String)
    case participantNotFound(Int64)

    public var description: String {
        switch self {
        case .invalidSlug(let s):
            "invalid tenant slug \"\(s)\": expected ^[a-z][a-z0-9-]{2,39}$ (lowercase letter first, then 2–39 of a-z, 0-9, -)"
        case .tenantExists(let s): "tenant \"\(s)\" already exists (use `tessera tenant apply` to change it)"
        case .tenantNotFound(let s): "tenant \"\(s)\" does not exist"
        case .versionNotFound(let s, let v): "tenant \"\(s)\" has no blueprint version \(v)"
        case .missingBotToken(let env): "environment variable \(env) (the bot token) is not set"
        case .invalidBotToken(let env):
            "environment variable \(env) does not hold a bot token of the form <bot id>:<secret>"
        case .invalidMasterKey(let why): "TESSERA_MASTER_KEY is invalid: \(why)"
        case .corruptSecret(let s):
            "the bot token of tenant \"\(s)\" cannot be decrypted (wrong TESSERA_MASTER_KEY?)"
        case .storedBlueprintInvalid(let s, let v): "stored blueprint version \(v) of tenant \"\(s)\" no longer validates"
        case .schemaExists(let schema):
            "schema \(schema) already exists but belongs to no tenant; drop or rename it first (it is never adopted)"
        case .participantNotFound(let id): "no participant \(id)"
        case .migrationsNotFound(let path): "migrations directory not found: \(path) (set TESSERA_MIGRATIONS_DIR)"
        }
    }
}
