import Foundation
import Postgres
import Tenancy

/// An update's identity: Telegram numbers updates per bot, and a tenant's bot can change.
public struct UpdateKey: Sendable, Hashable, CustomStringConvertible {
    /// The numeric id from the token the tenant had when the update arrived (0: before it was recorded).
    public var botID: Int64
    public var updateID: Int64

    public init(botID: Int64, updateID: Int64) {
        self.botID = botID
        self.updateID = updateID
    }

    public var description: String { "\(botID)/\(updateID)" }
}

/// The SQL of a tenant's `updates` table: the durable inbox of webhook updates.
struct UpdateInbox: Sendable {
    /// Stores an update unless its (`bot_id`, `update_id`) is known; true when this call stored it.
    /// Committed on its own (autocommit): once it returns, the update survives a crash.
    func insert(
        _ key: UpdateKey, kind: String, payload: String, schema: Identifier, _ conn: PostgresConnection
    ) throws -> Bool {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).updates (bot_id, update_id, kind, payload)
            VALUES (\(key.botID), \(key.updateID), \(kind), \(payload)::jsonb)
            ON CONFLICT (bot_id, update_id) DO NOTHING
            """) == 1
    }

    /// Locks a still-unprocessed update for this transaction and returns its payload; nil when it
    /// is processed already or another worker holds it (SKIP LOCKED: never wait for a peer).
    func claim(_ key: UpdateKey, schema: Identifier, _ conn: PostgresConnection) throws -> String? {
        try conn.query(
            """
            SELECT payload::text FROM \(ident: schema).updates
            WHERE bot_id = \(key.botID) AND update_id = \(key.updateID) AND processed_at IS NULL FOR UPDATE SKIP LOCKED
            """
        ).first?.decode(String.self, 0)
    }

    func markProcessed(_ key: UpdateKey, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).updates
            SET processed_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL
            WHERE bot_id = \(key.botID) AND update_id = \(key.updateID)
            """)
    }

    func markFailed(_ key: UpdateKey, error: String, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).updates
            SET attempts = attempts + 1, last_attempt_at = now(), last_error = \(String(error.prefix(2000)))
            WHERE bot_id = \(key.botID) AND update_id = \(key.updateID) AND processed_at IS NULL
            """)
    }

    /// Unprocessed updates with fewer than `maxAttempts` attempts, oldest first.
    func pending(schema: Identifier, maxAttempts: Int, _ conn: PostgresConnection) throws -> [UpdateKey] {
        try conn.query(
            """
            SELECT bot_id, update_id FROM \(ident: schema).updates
            WHERE processed_at IS NULL AND attempts < \(maxAttempts) ORDER BY received_at, update_id
            """
        ).map { UpdateKey(botID: try $0.decode(Int64.self, 0), updateID: try $0.decode(Int64.self, 1)) }
    }

    func state(_ key: UpdateKey, schema: Identifier, _ conn: PostgresConnection) throws -> (processed: Bool, attempts: Int) {
        guard
            let row = try conn.query(
                """
                SELECT processed_at IS NOT NULL, attempts FROM \(ident: schema).updates
                WHERE bot_id = \(key.botID) AND update_id = \(key.updateID)
                """
            ).first
        else { return (true, 0) }
        return (try row.decode(Bool.self, 0), Int(try row.decode(Int32.self, 1)))
    }
}
