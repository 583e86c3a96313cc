import Foundation
import Postgres
import Telegram
import TesseraJSON

/// What the server needs to know about a participant on each request.
public struct ParticipantSnapshot: Sendable, Equatable {
    public init(id: Int64, tags: [String], created: Bool) {
        self.id = id
        self.tags = tags
        self.created = created
    }

    public var id: Int64
    public var tags: [String]
    /// True when this call created the participant (their first contact).
    public var created: Bool
}

/// Writes participants into a tenant's schema.
public struct ParticipantStore: Sendable {
    public init() {}

    /// Creates the participant on first contact (recording `startParam` as the acquisition source)
    /// or refreshes their profile and `last_seen_at`.
    public func upsert(_ user: TelegramUser, startParam: String?, schema: Identifier, _ conn: PostgresConnection) throws
        -> ParticipantSnapshot
    {
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).participants
                (telegram_id, first_name, last_name, username, language_code, is_premium, photo_url, source)
            VALUES (\(user.id), \(user.firstName), \(user.lastName), \(user.username), \(user.languageCode),
                    \(user.isPremium), \(user.photoURL), \(startParam))
            ON CONFLICT (telegram_id) DO UPDATE SET
                first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, username = EXCLUDED.username,
                language_code = EXCLUDED.language_code, is_premium = EXCLUDED.is_premium,
                photo_url = EXCLUDED.photo_url, last_seen_at = now()
            RETURNING id, array_to_json(tags)::text, (xmax = 0)
            """
        ).first!
        let tagsJSON = try row.decode(String.self, 1)
        let tags = (try? JSONParser.parse(Array(tagsJSON.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return ParticipantSnapshot(id: try row.decode(Int64.self, 0), tags: tags, created: try row.decode(Bool.self, 2))
    }
}
