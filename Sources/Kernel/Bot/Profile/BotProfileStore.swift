import Foundation
import Postgres
import TesseraJSON

/// The `bot_profile` table: what each of a tenant's bots last pushed, by method and language code.
public struct BotProfileStore: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Hashes of what `botID` pushed, keyed `method|language_code`.
    func pushed(botID: Int64, _ conn: PostgresConnection) throws -> [String: String] {
        var hashes: [String: String] = [:]
        for row in try conn.query(
            "SELECT method, language_code, hash FROM \(ident: schema).bot_profile WHERE bot_id = \(botID)")
        {
            hashes[BotProfile.key(try row.decode(String.self, 0), try row.decode(String.self, 1))] =
                try row.decode(String.self, 2)
        }
        return hashes
    }

    /// Records a call Telegram accepted (the last writer wins: both pushed the live blueprint).
    func record(_ call: BotProfile.Call, botID: Int64, _ conn: PostgresConnection) throws {
        let parameters = String(decoding: JSONValue.object(call.parameters).serialized(), as: UTF8.self)
        try conn.execute(
            """
            INSERT INTO \(ident: schema).bot_profile (bot_id, method, language_code, hash, parameters)
            VALUES (\(botID), \(call.method), \(call.languageCode), \(call.hash), \(parameters)::jsonb)
            ON CONFLICT (bot_id, method, language_code) DO UPDATE
            SET hash = EXCLUDED.hash, parameters = EXCLUDED.parameters, pushed_at = now()
            """)
    }

    /// The mini app's URL the menu button of `botID` opens, once pushed.
    func appURL(botID: Int64, _ conn: PostgresConnection) throws -> String? {
        try conn.query(
            """
            SELECT parameters #>> '{menu_button,web_app,url}' FROM \(ident: schema).bot_profile
            WHERE bot_id = \(botID) AND method = 'setChatMenuButton' AND language_code = ''
            """
        ).first?.decode(String?.self, 0)
    }

    /// Forgets everything pushed, so the next push sends it all again (`tessera dev`: its
    /// in-process simulator starts empty every time).
    public func forget(_ conn: PostgresConnection) throws {
        try conn.execute("DELETE FROM \(ident: schema).bot_profile")
    }
}
