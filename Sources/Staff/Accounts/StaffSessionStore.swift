import Foundation
import Postgres
import Tenancy
import TesseraCrypto

/// Server-side sessions in `platform.staff_sessions`.
public struct StaffSessionStore: Sendable {
    let p = TenantCatalog.platformSchema
    public var policy: SessionPolicy

    public init(policy: SessionPolicy = SessionPolicy()) {
        self.policy = policy
    }

    /// Starts a session; the token is the only copy of the cookie's value.
    public func create(personID: Int64, address: String, userAgent: String, now: Date, _ conn: PostgresConnection)
        throws
        -> (StaffSecretToken, StaffSession)
    {
        let token = StaffSecretToken.generate()
        let csrf = Base64URL.encode(SecureRandom.bytes(32))
        let row = try conn.query(
            """
            INSERT INTO \(ident: p).staff_sessions
                (token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at, address, user_agent)
            VALUES (\(token.hash), \(personID), \(csrf), \(now), \(now), \(now.addingTimeInterval(policy.lifetime)),
                    \(address.storable(64)), \(userAgent.storable(512)))
            RETURNING \(unsafeRaw: StaffSession.columns)
            """
        ).first!
        return (token, try StaffSession.decode(row))
    }

    /// The live session behind a cookie value, and its person: not revoked, not past its
    /// lifetime or idle timeout, person not disabled. Touches `last_seen_at`.
    public func validate(_ raw: String, now: Date, _ conn: PostgresConnection) throws -> (StaffSession, StaffPerson)? {
        guard let token = StaffSecretToken(raw) else { return nil }
        guard
            let row = try conn.query(
                """
                SELECT \(unsafeRaw: StaffSession.columns("x")), \(unsafeRaw: StaffPerson.columns("s"))
                FROM \(ident: p).staff_sessions x
                JOIN \(ident: p).staff_people s ON s.id = x.person_id
                WHERE x.token_hash = \(token.hash) AND x.revoked_at IS NULL AND x.expires_at > \(now)
                  AND x.last_seen_at > \(now.addingTimeInterval(-policy.idleTimeout)) AND NOT s.disabled
                """
            ).first
        else { return nil }
        var session = try StaffSession.decode(row)
        let person = try StaffPerson.decode(row, from: 9)
        if now.timeIntervalSince(session.lastSeenAt) >= policy.touchInterval {
            try conn.execute("UPDATE \(ident: p).staff_sessions SET last_seen_at = \(now) WHERE id = \(session.id)")
            session.lastSeenAt = now
        }
        return (session, person)
    }

    /// Revokes the session behind a cookie value (signing out); false when there was none.
    @discardableResult
    public func revoke(token raw: String, now: Date, _ conn: PostgresConnection) throws -> Bool {
        guard let token = StaffSecretToken(raw) else { return false }
        return try conn.execute(
            "UPDATE \(ident: p).staff_sessions SET revoked_at = \(now) WHERE token_hash = \(token.hash) AND revoked_at IS NULL"
        ) == 1
    }

    /// Revokes one of the person's sessions by id (from a list of their sessions).
    @discardableResult
    public func revoke(sessionID: Int64, personID: Int64, now: Date, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            """
            UPDATE \(ident: p).staff_sessions SET revoked_at = \(now)
            WHERE id = \(sessionID) AND person_id = \(personID) AND revoked_at IS NULL
            """) == 1
    }

    /// "Sign out everywhere": revokes every session of the person except `keeping`; returns how many.
    @discardableResult
    public func revokeAll(personID: Int64, keeping: Int64? = nil, now: Date, _ conn: PostgresConnection) throws -> Int {
        try conn.execute(
            """
            UPDATE \(ident: p).staff_sessions SET revoked_at = \(now)
            WHERE person_id = \(personID) AND revoked_at IS NULL AND id IS DISTINCT FROM \(keeping)
            """)
    }

    /// The person's live sessions, most recently seen first.
    public func active(personID: Int64, now: Date, _ conn: PostgresConnection) throws -> [StaffSession] {
        try conn.query(
            """
            SELECT \(unsafeRaw: StaffSession.columns) FROM \(ident: p).staff_sessions
            WHERE person_id = \(personID) AND revoked_at IS NULL AND expires_at > \(now)
              AND last_seen_at > \(now.addingTimeInterval(-policy.idleTimeout))
            ORDER BY last_seen_at DESC, id DESC
            """
        ).map { try StaffSession.decode($0) }
    }

    /// Deletes sessions that ended more than `olderThan` ago (for a periodic job).
    @discardableResult
    public func prune(endedBefore cutoff: Date, _ conn: PostgresConnection) throws -> Int {
        try conn.execute(
            """
            DELETE FROM \(ident: p).staff_sessions
            WHERE expires_at < \(cutoff) OR revoked_at < \(cutoff) OR last_seen_at < \(cutoff.addingTimeInterval(-policy.idleTimeout))
            """)
    }
}
