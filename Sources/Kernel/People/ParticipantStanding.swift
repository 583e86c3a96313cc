import Foundation
import Postgres
import Tenancy

/// Whether a participant may use the tenant's mini app and bot: the one place every area and the
/// kernel ask (the mini-app API, the webhook, pre-checkout; later mailings). The People area's ban
/// list writes the state this reads, on the participant row (`banned_at`, `banned_until`).
public enum ParticipantStanding {
    /// Channel of the NOTIFY a ban or unban sends on commit, payload `<tenant id>:<telegram id>`:
    /// every server's `ParticipantTracker` forgets that participant, so a ban applies everywhere at once.
    public static let channel = "tessera_participant_standing"

    /// The ban in force at `now` on what an upsert returned, if any.
    public static func ban(_ participant: ParticipantSnapshot, now: Date) -> BanRecord? {
        participant.ban.flatMap { $0.applies(at: now) ? $0 : nil }
    }

    /// The ban in force at `now` on participant `id`, read from the row (for callers that hold only
    /// an id); nil when there is none or no such participant.
    public static func ban(participant id: Int64, schema: Identifier, now: Date, _ conn: PostgresConnection) throws
        -> BanRecord?
    {
        guard
            let row = try conn.query(
                "SELECT banned_at, banned_until, ban_reason FROM \(ident: schema).participants WHERE id = \(id)"
            ).first, let since = try row.decode(Date?.self, 0)
        else { return nil }
        let record = BanRecord(
            since: since, until: try row.decode(Date?.self, 1), reason: try row.decode(String?.self, 2) ?? "")
        return record.applies(at: now) ? record : nil
    }

    /// Tells every server (on commit of `conn`'s transaction) that the standing of `telegramID` in
    /// tenant `tenantID` changed.
    public static func announce(tenantID: Int64, telegramID: Int64, _ conn: PostgresConnection) throws {
        _ = try conn.query("SELECT pg_notify(\(channel), \("\(tenantID):\(telegramID)"))")
    }

    /// The mini-app API's answer to a banned caller: 403 `banned`.
    public static func refusal(_ ban: BanRecord) -> APIError { .banned(until: ban.until) }

    /// What the bot tells a banned participant who tries to pay (the pre-checkout is declined).
    public static let declinedCheckout = "You cannot pay here: your access to this app is restricted."
}
