import Foundation
import Postgres
import Tenancy

/// Failed sign-ins in `platform.staff_sign_in_failures`, shared by every server, keyed by
/// account (`account:<email>`) and by address (`address:<ip>`).
public struct SignInFailureStore: Sendable {
    let p = TenantCatalog.platformSchema

    public init() {}

    public static func accountKey(_ email: EmailAddress) -> String { "account:" + email.normalized }
    public static func accountKey(unparsed raw: String) -> String {
        "account:" + raw.trimmingWhitespace().lowercased().storable(254)
    }
    public static func addressKey(_ address: String) -> String { "address:" + address.storable(64) }

    /// The key's failures within the last `window` seconds, newest first, at most `limit` of
    /// them (all the policy needs).
    public func recent(_ key: String, rule: SignInRateLimit, now: Date, _ conn: PostgresConnection) throws -> [Date] {
        try conn.query(
            """
            SELECT at FROM \(ident: p).staff_sign_in_failures
            WHERE key = \(key) AND at > \(now.addingTimeInterval(-rule.window)) ORDER BY at DESC LIMIT \(rule.limit)
            """
        ).map { try $0.decode(Date.self, 0) }
    }

    /// Records one failure for each key, and drops the keys' failures older than `window`.
    public func record(_ keys: [String], window: TimeInterval, now: Date, _ conn: PostgresConnection) throws {
        for key in keys {
            try conn.execute("INSERT INTO \(ident: p).staff_sign_in_failures (key, at) VALUES (\(key), \(now))")
            try conn.execute(
                "DELETE FROM \(ident: p).staff_sign_in_failures WHERE key = \(key) AND at <= \(now.addingTimeInterval(-window))"
            )
        }
    }

    /// Forgets the key's failures (an account after a successful sign-in).
    public func clear(_ key: String, _ conn: PostgresConnection) throws {
        try conn.execute("DELETE FROM \(ident: p).staff_sign_in_failures WHERE key = \(key)")
    }

    /// Deletes failures older than `cutoff` for every key (for a periodic job).
    @discardableResult
    public func prune(before cutoff: Date, _ conn: PostgresConnection) throws -> Int {
        try conn.execute("DELETE FROM \(ident: p).staff_sign_in_failures WHERE at < \(cutoff)")
    }
}
