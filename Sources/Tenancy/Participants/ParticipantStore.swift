import Foundation
import Postgres
import Telegram
import TesseraJSON

/// What the server needs to know about a participant on each request.
public struct ParticipantSnapshot: Sendable, Equatable {
    public init(id: Int64, tags: [String], created: Bool, ban: BanRecord? = nil) {
        self.id = id
        self.tags = tags
        self.created = created
        self.ban = ban
    }

    public var id: Int64
    public var tags: [String]
    /// True when this call created the participant (their first contact).
    public var created: Bool
    /// The ban on the participant row, expired or not (Kernel's `ParticipantStanding` says whether it applies).
    public var ban: BanRecord?

    /// The columns a participant upsert returns, after which `init(row:)` reads the snapshot.
    public static let returning = "id, array_to_json(tags)::text, (xmax = 0), banned_at, banned_until, ban_reason"

    /// Reads a row whose columns are `returning`.
    public init(row: PostgresRow) throws {
        let tagsJSON = try row.decode(String.self, 1)
        let tags = (try? JSONParser.parse(Array(tagsJSON.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
        var ban: BanRecord?
        if let since = try row.decode(Date?.self, 3) {
            ban = BanRecord(since: since, until: try row.decode(Date?.self, 4), reason: try row.decode(String?.self, 5) ?? "")
        }
        self.init(id: try row.decode(Int64.self, 0), tags: tags, created: try row.decode(Bool.self, 2), ban: ban)
    }
}

/// A ban as the participant row holds it: since when, until when (nil: until lifted), and why.
public struct BanRecord: Sendable, Equatable {
    public var since: Date
    public var until: Date?
    public var reason: String

    public init(since: Date, until: Date?, reason: String) {
        self.since = since
        self.until = until
        self.reason = reason
    }

    /// Whether the ban is in force at `now`: an expired ban stops applying by itself.
    public func applies(at now: Date) -> Bool { until.map { now < $0 } ?? true }
}

/// Writes participants into a tenant's schema.
public struct ParticipantStore: Sendable {
    public init() {}

    /// Whether an upsert takes the profile photo: the mini app's launch data carries it, bot
    /// updates never do (so they keep the stored one).
    public enum Photo: Sendable { case update, keep }

    /// Creates the participant on first contact (recording `startParam` as the acquisition source,
    /// never overwritten) or refreshes their profile and `last_seen_at`. The stored name is the
    /// best known one: a name that says nothing (`ParticipantName.isPlaceholder`) never replaces
    /// it, any other name (the newest Telegram sent) does.
    public func upsert(
        _ user: TelegramUser, startParam: String?, photo: Photo = .update, schema: Identifier, _ conn: PostgresConnection
    ) throws -> ParticipantSnapshot {
        let named = !ParticipantName.isPlaceholder(user.firstName, telegramID: user.id)
        let updatesPhoto = photo == .update
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).participants AS p
                (telegram_id, first_name, last_name, username, language_code, is_premium, photo_url, source)
            VALUES (\(user.id), \(user.firstName), \(user.lastName), \(user.username), \(user.languageCode),
                    \(user.isPremium), \(updatesPhoto ? user.photoURL : nil), \(startParam))
            ON CONFLICT (telegram_id) DO UPDATE SET
                first_name = CASE WHEN \(named) THEN EXCLUDED.first_name ELSE p.first_name END,
                last_name = CASE WHEN \(named) THEN EXCLUDED.last_name ELSE p.last_name END,
                username = CASE WHEN \(named) THEN EXCLUDED.username ELSE coalesce(EXCLUDED.username, p.username) END,
                language_code = coalesce(EXCLUDED.language_code, p.language_code),
                is_premium = EXCLUDED.is_premium,
                photo_url = CASE WHEN \(updatesPhoto) THEN EXCLUDED.photo_url ELSE p.photo_url END,
                last_seen_at = now()
            RETURNING \(unsafeRaw: ParticipantSnapshot.returning)
            """
        ).first!
        return try ParticipantSnapshot(row: row)
    }
}
