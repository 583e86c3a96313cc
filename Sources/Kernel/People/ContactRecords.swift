import Foundation
import Postgres
import Tenancy
import TesseraJSON

/// How a contact value was given (`contact_values.way`).
public enum ContactWay: String, Sendable, CaseIterable {
    /// The mini app's `WebApp.requestContact`, its signed answer checked by the server.
    case miniAppRequestContact = "mini_app_request_contact"
    /// A contact message to the bot whose `user_id` is the sender's own.
    case botContact = "bot_contact"
    /// The mini app's contact form (email, custom fields).
    case form
}

/// The SQL of `contact_values` shared by the bot (phone numbers sent to it) and the People area.
public struct ContactRecords: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) { self.schema = schema }

    /// Stores `value` for `field`; an unchanged value keeps the time and way it was first given.
    public func save(
        participantID: Int64, field: String, value: JSONValue, way: ContactWay, at now: Date, _ conn: PostgresConnection
    ) throws {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).contact_values (participant_id, field, value, way, given_at)
            VALUES (\(participantID), \(field), \(String(decoding: value.serialized(), as: UTF8.self))::jsonb, \(way.rawValue), \(now))
            ON CONFLICT (participant_id, field) DO UPDATE SET value = EXCLUDED.value, way = EXCLUDED.way, given_at = EXCLUDED.given_at
            WHERE contact_values.value IS DISTINCT FROM EXCLUDED.value
            """)
    }

    /// Stores a phone number Telegram vouched for (normalised, see `PhoneNumber`); false when it is not one.
    @discardableResult
    public func savePhone(
        participantID: Int64, _ raw: String, way: ContactWay, at now: Date, _ conn: PostgresConnection
    ) throws -> Bool {
        guard let phone = PhoneNumber.normalize(raw) else { return false }
        try save(participantID: participantID, field: "phone", value: .string(phone), way: way, at: now, conn)
        return true
    }
}

/// Phone numbers as Telegram shares them (`79001234567`, `+7 900 123-45-67`), stored as `+` and digits.
public enum PhoneNumber {
    /// `+` followed by 5…15 digits (E.164 allows 15), separators dropped; nil for anything else.
    public static func normalize(_ raw: String) -> String? {
        var digits = ""
        for (index, character) in raw.trimmingCharacters(in: .whitespaces).enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+" && index == 0 {
                continue
            } else if [" ", "-", "(", ")", "."].contains(character) {
                continue
            } else {
                return nil
            }
        }
        return (5...15).contains(digits.count) ? "+" + digits : nil
    }
}
