import Blueprint
import Foundation
import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// One stored contact value: what, when and how it was given.
struct ContactValue: Sendable, Equatable {
    var value: JSONValue
    var way: String
    var givenAt: Date

    var json: JSONValue { ["value": value, "way": .string(way), "given_at": .string(Instant.format(givenAt))] }
}

/// What a participant shared: phone, email, the blueprint's custom fields, consent.
struct ContactCard: Sendable, Equatable {
    var values: [String: ContactValue]
    var consent: Bool?
    var consentAt: Date?

    /// The API form; custom fields the blueprint no longer declares are left out.
    func json(declared: [ContactField]) -> JSONValue {
        var fields = JSONObject()
        for field in declared { if let value = values[field.id] { fields[field.id] = value.json } }
        let consentJSON: JSONValue =
            consent.map {
                // Consent is only ever answered on the contact form.
                ["given": .bool($0), "at": consentAt.map { .string(Instant.format($0)) } ?? .null, "way": "form"]
            } ?? .null
        return [
            "phone": values["phone"]?.json ?? .null, "email": values["email"]?.json ?? .null, "fields": .object(fields),
            "consent": consentJSON,
        ]
    }
}

/// The People area's reads and writes of `contact_values` and consent.
struct ContactStore: Sendable {
    let schema: Identifier

    /// The participant's card; nil when there is no such participant.
    func card(_ participantID: Int64, _ conn: PostgresConnection) throws -> ContactCard? {
        guard
            let row = try conn.query(
                "SELECT contact_consent, contact_consent_at FROM \(ident: schema).participants WHERE id = \(participantID)"
            ).first
        else { return nil }
        var values: [String: ContactValue] = [:]
        for value in try conn.query(
            "SELECT field, value::text, way, given_at FROM \(ident: schema).contact_values WHERE participant_id = \(participantID)"
        ) {
            let parsed = (try? JSONParser.parse(Array(try value.decode(String.self, 1).utf8))) ?? .null
            values[try value.decode(String.self, 0)] = ContactValue(
                value: parsed, way: try value.decode(String.self, 2), givenAt: try value.decode(Date.self, 3))
        }
        return ContactCard(
            values: values, consent: try row.decode(Bool?.self, 0), consentAt: try row.decode(Date?.self, 1))
    }

    /// Replaces the form's values (email and every declared custom field) and consent; unchanged
    /// values keep the time they were given, and consent its time unless it changed.
    func submit(
        _ participantID: Int64, _ submission: ContactSubmission, declared: [ContactField], now: Date,
        _ conn: PostgresConnection
    ) throws {
        let records = ContactRecords(schema: schema)
        var given = submission.fields
        if let email = submission.email { given["email"] = .string(email) }
        let cleared = (["email"] + declared.map(\.id)).filter { given[$0] == nil }
        if !cleared.isEmpty {
            try conn.execute(
                """
                DELETE FROM \(ident: schema).contact_values
                WHERE participant_id = \(participantID) AND field = ANY(\(PostgresArray(cleared.map(Optional.some)))::text[])
                """)
        }
        for (field, value) in given.sorted(by: { $0.key < $1.key }) {
            try records.save(participantID: participantID, field: field, value: value, way: .form, at: now, conn)
        }
        try conn.execute(
            """
            UPDATE \(ident: schema).participants SET contact_consent = \(submission.consent), contact_consent_at = \(now)
            WHERE id = \(participantID) AND contact_consent IS DISTINCT FROM \(submission.consent)
            """)
    }
}
