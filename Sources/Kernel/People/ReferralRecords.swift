import Foundation
import Postgres

/// Who brought whom: the one writer of `referrals`, so that every recorded referral (a bot's
/// `/start ref_<id>`, a first mini-app launch through `startapp=ref_<id>`, demo content) also
/// counts on the referrer's `referrals` leaderboards.
public struct ReferralRecords: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Records that `referrerID` brought `referredID` at `date`, unless the referred participant
    /// already has a referrer or the referrer does not exist; true when recorded. The referrer
    /// gains one friend in the week, month and all-time rollups only when the row was inserted:
    /// a concurrent duplicate waits on the unique `referred_id` and then inserts nothing.
    @discardableResult
    public func record(referrerID: Int64, referredID: Int64, at date: Date, _ conn: PostgresConnection) throws -> Bool {
        guard referrerID != referredID else { return false }
        return try conn.transaction { conn in
            let inserted =
                try conn.execute(
                    """
                    INSERT INTO \(ident: schema).referrals (referrer_id, referred_id, created_at)
                    SELECT id, \(referredID), \(date) FROM \(ident: schema).participants WHERE id = \(referrerID)
                    ON CONFLICT (referred_id) DO NOTHING
                    """) == 1
            if inserted { try ScoreRollup(schema: schema).add(1, to: referrerID, source: .referrals, at: date, conn) }
            return inserted
        }
    }
}
