import Foundation
import Postgres

/// A signed-in browser: created at sign-in, identified by the cookie's token (stored hashed).
public struct StaffSession: Sendable, Equatable {
    public var id: Int64
    public var personID: Int64
    /// The value state-changing requests must send back (header or form field); compare it
    /// with `ConstantTime.equals`.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var address: String
    public var userAgent: String

    static let columns = columns(nil)

    /// The columns `decode` reads, qualified with a table alias if given.
    static func columns(_ alias: String?) -> String {
        [
            "id", "person_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "revoked_at", "address",
            "user_agent",
        ]
        .map { column in alias.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }

    static func decode(_ row: PostgresRow, from o: Int = 0) throws -> StaffSession {
        StaffSession(
            id: try row.decode(Int64.self, o), personID: try row.decode(Int64.self, o + 1),
            csrfToken: try row.decode(String.self, o + 2),
            createdAt: try row.decode(Date.self, o + 3), lastSeenAt: try row.decode(Date.self, o + 4),
            expiresAt: try row.decode(Date.self, o + 5), revokedAt: try row.decode(Date?.self, o + 6),
            address: try row.decode(String.self, o + 7), userAgent: try row.decode(String.self, o + 8))
    }
}

/// How long sessions live: at most `lifetime` after sign-in, and no longer than `idleTimeout`
/// after the last request. `last_seen_at` is written at most every `touchInterval`.
public struct SessionPolicy: Sendable {
    public var lifetime: TimeInterval
    public var idleTimeout: TimeInterval
    public var touchInterval: TimeInterval

    public init(
        lifetime: TimeInterval = 30 * 86_400, idleTimeout: TimeInterval = 7 * 86_400, touchInterval: TimeInterval = 60
    ) {
        self.lifetime = lifetime
        self.idleTimeout = idleTimeout
        self.touchInterval = touchInterval
    }
}

extension String {
    /// At most `limit` Unicode scalars, control characters (NUL among them) dropped: request
    /// headers stored for display must never make an INSERT fail.
    func storable(_ limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars where scalar.properties.generalCategory != .control {
            guard scalars.count < limit else { break }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
