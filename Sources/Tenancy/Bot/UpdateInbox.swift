import Foundation
import Postgres

/// The SQL of a tenant's `updates` table: the durable inbox of webhook updates.
struct UpdateInbox: Sendable {
    /// Stores an update unless its `update_id` is known; true when this call stored it.
    /// Committed on its own (autocommit): once it returns, the update survives a crash.
    func insert(updateID: Int64, kind: String, payload: String, schema: Identifier, _ conn: PostgresConnection) throws
        -> Bool
    {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).updates (update_id, kind, payload)
            VALUES (\(updateID), \(kind), \(payload)::jsonb) ON CONFLICT (update_id) DO NOTHING
            """) == 1
    }

    /// Locks a still-unprocessed update for this transaction and returns its payload; nil when it
    /// is processed already or another worker holds it (SKIP LOCKED: never wait for a peer).
    func claim(_ updateID: Int64, schema: Identifier, _ conn: PostgresConnection) throws -> String? {
        try conn.query(
            """
            SELECT payload::text FROM \(ident: schema).updates
            WHERE update_id = \(updateID) AND processed_at IS NULL FOR UPDATE SKIP LOCKED
            """
        ).first?.decode(String.self, 0)
    }

    func markProcessed(_ updateID: Int64, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).updates
            SET processed_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL
            WHERE update_id = \(updateID)
            """)
    }

    func markFailed(_ updateID: Int64, error: String, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).updates
            SET attempts = attempts + 1, last_attempt_at = now(), last_error = \(String(error.prefix(2000)))
            WHERE update_id = \(updateID) AND processed_at IS NULL
            """)
    }

    /// Unprocessed updates due for another try, oldest first: received at least `minimumAge`
    /// seconds ago, fewer than `maxAttempts` attempts, and past their back-off
    /// (`backoffBase · 2^attempts` seconds after the last attempt, at most 5 minutes).
    func due(
        schema: Identifier, minimumAge: Double, maxAttempts: Int, backoffBase: Double, limit: Int,
        _ conn: PostgresConnection
    )
        throws -> [Int64]
    {
        try conn.query(
            """
            SELECT update_id FROM \(ident: schema).updates
            WHERE processed_at IS NULL AND attempts < \(maxAttempts)
              AND received_at <= now() - make_interval(secs => \(minimumAge))
              AND (last_attempt_at IS NULL
                   OR last_attempt_at <= now() - make_interval(secs => least(300, \(backoffBase) * power(2, attempts))))
            ORDER BY update_id LIMIT \(limit)
            """
        ).map { try $0.decode(Int64.self, 0) }
    }
}
