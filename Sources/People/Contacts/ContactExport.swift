import Blueprint
import Foundation
import Kernel

/// The Contacts CSV export's columns: the participant, phone and email, consent, then each of the
/// blueprint's `contact_fields` — every value with how (`_way`) and when (`_given_at`) it came.
enum ContactExport {
    static let participantHeader = ["participant_id", "telegram_id", "first_name", "last_name", "username"]

    static func header(_ declared: [ContactField]) -> [String?] {
        var names = participantHeader
        for field in ["phone", "email"] { names += [field, field + "_way", field + "_given_at"] }
        names += ["consent", "consent_at", "updated_at"]
        for field in declared { names += [field.id, field.id + "_way", field.id + "_given_at"] }
        return names
    }

    /// One record per listing, in `header` order; instants as UTC ISO 8601 like the JSON API.
    static func record(_ listing: ContactListing, declared: [ContactField]) -> [String?] {
        let p = listing.participant
        var fields: [String?] = [
            String(listing.participantID), p["telegram_id"]?.intValue.map { String($0) }, p["first_name"]?.stringValue,
            p["last_name"]?.stringValue, p["username"]?.stringValue,
        ]
        func append(_ value: ContactValue?) {
            guard let value else {
                fields += [nil, nil, nil]
                return
            }
            let text: String =
                if case .string(let s) = value.value { s } else { String(decoding: value.value.serialized(), as: UTF8.self) }
            fields += [text, value.way, Instant.format(value.givenAt)]
        }
        append(listing.card.values["phone"])
        append(listing.card.values["email"])
        fields += [
            listing.card.consent.map { $0 ? "given" : "withdrawn" }, listing.card.consentAt.map(Instant.format),
            Instant.format(listing.updatedAt),
        ]
        for field in declared { append(listing.card.values[field.id]) }
        return fields
    }
}
