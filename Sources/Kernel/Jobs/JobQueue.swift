import Foundation
import Postgres
import TesseraJSON

/// Enqueues jobs into one tenant schema's `jobs` table, on the caller's connection, so a job
/// commits or rolls back with the business write that causes it.
///
/// ```swift
/// try pool.transaction { conn in
///     try orders.markPaid(order, conn)
///     try JobQueue(schema: tenant.schema).enqueue("bot.reply", payload: ["order": .int(order)],
///                                                 dedupeKey: "paid:\(order)", on: conn)
/// }
/// ```
/// Each new job sends `NOTIFY tessera_jobs, '<schema>'` (delivered at commit, dropped on
/// rollback), which wakes the runners; they poll as well, so a lost notification only delays.
public struct JobQueue: Sendable {
    /// The LISTEN/NOTIFY channel that wakes runners; the payload is the schema name.
    public static let channel = "tessera_jobs"
    /// Upper bound on a payload's JSON text: bigger data belongs in a table the payload refers to.
    public static let maxPayloadBytes = 65_536

    public let schema: Identifier

    public init(schema: Identifier) {
        self.schema = schema
    }

    /// The result of an enqueue.
    public enum Enqueued: Sendable, Equatable {
        /// A new job with this id.
        case enqueued(id: Int64)
        /// A job of the same kind and dedupe key already exists (in any state): nothing was added.
        case duplicate(id: Int64)

        public var id: Int64 {
            switch self {
            case .enqueued(let id), .duplicate(let id): id
            }
        }
    }

    /// Adds a job of `kind`; nothing is written when a job of the same kind and `dedupeKey` exists.
    /// - Parameters:
    ///   - payload: a JSON object with what the handler needs — references, never secrets (staff
    ///     can read it); at most `maxPayloadBytes` as JSON.
    ///   - runAt: the earliest time it may run; nil = now (the database's clock).
    ///   - maxAttempts: attempts before the job goes `dead`, 1…1000.
    ///   - dedupeKey: names the unit of work (`update:<bot>:<id>`); unique per kind while the row
    ///     exists, finished or not (finished rows go when pruned).
    @discardableResult
    public func enqueue(
        _ kind: JobKind, payload: JSONValue = .object(JSONObject()), runAt: Date? = nil, maxAttempts: Int = 10,
        dedupeKey: String? = nil, on conn: PostgresConnection
    ) throws -> Enqueued {
        // Validated before the first statement: a failed statement would abort the caller's transaction.
        let payloadText = try Self.payloadText(payload)
        guard (1...1000).contains(maxAttempts) else { throw JobError.invalidMaxAttempts(maxAttempts) }
        if let dedupeKey {
            guard !dedupeKey.isEmpty, dedupeKey.unicodeScalars.count <= 200, !dedupeKey.unicodeScalars.contains("\u{0}")
            else {
                throw JobError.invalidDedupeKey(dedupeKey)
            }
        }
        let inserted = try conn.query(
            """
            WITH inserted AS (
                INSERT INTO \(ident: schema).jobs (kind, payload, run_at, max_attempts, dedupe_key)
                VALUES (\(kind.rawValue), \(payloadText)::jsonb, coalesce(\(runAt)::timestamptz, now()),
                        \(maxAttempts), \(dedupeKey))
                ON CONFLICT (kind, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
                RETURNING id)
            SELECT id, pg_notify(\(Self.channel), \(schema.raw)) FROM inserted
            """)
        if let row = inserted.first { return .enqueued(id: try row.decode(Int64.self, 0)) }
        // ON CONFLICT waited for a concurrent insert of the same key to commit, so the row is
        // visible to this (READ COMMITTED) statement — unless pruning deleted it meanwhile.
        if let dedupeKey,
            let row = try conn.query(
                "SELECT id FROM \(ident: schema).jobs WHERE kind = \(kind.rawValue) AND dedupe_key = \(dedupeKey)"
            ).first
        {
            return .duplicate(id: try row.decode(Int64.self, 0))
        }
        return try enqueue(
            kind, payload: payload, runAt: runAt, maxAttempts: maxAttempts, dedupeKey: dedupeKey, on: conn)
    }

    /// The payload as JSON text, after the checks `jsonb` would otherwise fail on mid-transaction.
    /// Marks the queued job of `kind` and `dedupeKey` done, in the caller's transaction: the work
    /// was done inline (a webhook update processed right away), so its safety-net job has nothing
    /// left to do. A job already leased is left to finish (its handler sees the work done).
    @discardableResult
    public func complete(_ kind: JobKind, dedupeKey: String, on conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            """
            UPDATE \(ident: schema).jobs SET state = 'done', finished_at = now()
            WHERE kind = \(kind.rawValue) AND dedupe_key = \(dedupeKey) AND state = 'queued'
            """) == 1
    }

    static func payloadText(_ payload: JSONValue) throws(JobError) -> String {
        guard case .object = payload else {
            throw JobError.invalidPayload("must be a JSON object, not \(payload.typeName)")
        }
        if let path = firstNUL(in: payload, path: "") {
            throw JobError.invalidPayload("text at \(path.isEmpty ? "/" : path) contains U+0000")
        }
        let bytes = payload.serialized()
        guard bytes.count <= maxPayloadBytes else {
            throw JobError.invalidPayload("\(bytes.count) bytes of JSON, more than \(maxPayloadBytes)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The JSON Pointer of the first string or member name holding U+0000, if any.
    private static func firstNUL(in value: JSONValue, path: String) -> String? {
        switch value {
        case .string(let text): return text.unicodeScalars.contains("\u{0}") ? path : nil
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                if let found = firstNUL(in: element, path: "\(path)/\(i)") { return found }
            }
        case .object(let object):
            for (key, member) in object {
                let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                if key.unicodeScalars.contains("\u{0}") { return "\(path)/\(escaped)" }
                if let found = firstNUL(in: member, path: "\(path)/\(escaped)") { return found }
            }
        default: break
        }
        return nil
    }
}
