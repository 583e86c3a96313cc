import Foundation
import Postgres

/// A tenant's row in the platform directory. Holds the sealed bot token, never the token itself.
public struct TenantRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case active, suspended }

    public var id: Int64
    public var slug: TenantSlug
    public var title: String
    public var databaseKey: String
    public var schema: Identifier
    public var schemaVersion: Int64
    public var status: Status
    public var botUsername: String
    public var botTokenSealed: [UInt8]
    public var liveVersion: Int64?
    /// The webhook secret, sealed like the token; nil until one was generated.
    public var webhookSecretSealed: [UInt8]?
    public var createdAt: Date
    public var updatedAt: Date

    static let columns =
        "id, slug, title, database_key, schema_name, schema_version, status, bot_username, bot_token_sealed, live_version, created_at, updated_at, webhook_secret_sealed"

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, 0)
        slug = try TenantSlug(try row.decode(String.self, 1))
        title = try row.decode(String.self, 2)
        databaseKey = try row.decode(String.self, 3)
        schema = try Identifier(try row.decode(String.self, 4))
        schemaVersion = try row.decode(Int64.self, 5)
        status = Status(rawValue: try row.decode(String.self, 6)) ?? .suspended
        botUsername = try row.decode(String.self, 7)
        botTokenSealed = try row.decode([UInt8].self, 8)
        liveVersion = try row.decode(Int64?.self, 9)
        createdAt = try row.decode(Date.self, 10)
        updatedAt = try row.decode(Date.self, 11)
        webhookSecretSealed = try row.decode([UInt8]?.self, 12)
    }
}

/// One stored blueprint version of a tenant.
public struct BlueprintVersionRecord: Sendable, Equatable {
    public var version: Int64
    public var document: String
    public var checksum: String
    public var source: String?
    public var createdAt: Date
}
