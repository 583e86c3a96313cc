import Foundation
import Kernel
import Postgres

/// Friends a participant invited, from two places:
/// - `participants.source = 'ref_<id>'`: friends who opened the mini app through the referrer's
///   `startapp` link (their first contact's start parameter; indexed);
/// - the bot's `referrals` table (`referrer_id`, `referred_id`, tenant migration 0002): friends
///   who pressed Start through `/start ref_<id>`.
/// A friend counts once, and only for the first referrer rewarded for them.
public struct ReferralStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Participant ids of the friends `referrer` invited.
    public func invited(by referrer: Int64, _ conn: PostgresConnection) throws -> [Int64] {
        try conn.query(
            """
            SELECT id FROM \(ident: schema).participants WHERE source = \(ReferralCode.code(for: referrer)) AND id <> \(referrer)
            UNION SELECT referred_id FROM \(ident: schema).referrals WHERE referrer_id = \(referrer) AND referred_id <> \(referrer)
            """
        ).map { try $0.decode(Int64.self, 0) }
    }

    /// Awards `reward` to `referrer` for every invited friend not rewarded yet (key
    /// `referral:<friend>`, so each friend pays out once, whoever asks and however often).
    /// Returns the number of friends invited.
    @discardableResult
    public func grantRewards(referrer: Int64, reward: Int64, at now: Date, _ conn: PostgresConnection) throws -> Int64 {
        let friends = try invited(by: referrer, conn)
        guard reward > 0, !friends.isEmpty else { return Int64(friends.count) }
        let keys = friends.map { Self.key(friend: $0) }
        let paid = Set(
            try conn.query(
                "SELECT idempotency_key FROM \(ident: schema).points_ledger WHERE idempotency_key = ANY(\(PostgresArray(keys))::text[])"
            ).map { try $0.decode(String.self, 0) })
        let ledger = PointsLedger(schema: schema)
        for friend in friends where !paid.contains(Self.key(friend: friend)) {
            try ledger.award(
                Award(participantID: referrer, amount: reward, reason: "referral", reference: String(friend), idempotencyKey: Self.key(friend: friend)),
                at: now, conn)
        }
        return Int64(friends.count)
    }

    public static func key(friend: Int64) -> String { "referral:\(friend)" }
}
