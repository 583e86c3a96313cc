import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraJSON

/// The editable fields of an event, validated against the live blueprint before anything is written.
struct EventDraft: Sendable, Equatable {
    var section = ""
    var title = ""
    var description = ""
    var startsAt = Date(timeIntervalSince1970: 0)
    var endsAt: Date?
    var place: String?
    var link: String?
    var capacity: Int?
    var priceStars: Int?

    static let fields = ["section", "title", "description", "starts_at", "ends_at", "place", "link", "capacity", "price_stars"]

    init() {}

    init(_ event: Event) {
        section = event.section
        title = event.title
        description = event.description
        startsAt = event.startsAt
        endsAt = event.endsAt
        place = event.place
        link = event.link
        capacity = event.capacity
        priceStars = event.priceStars
    }

    static func create(_ request: HTTPRequest, blueprint: Blueprint) throws(AreaError) -> EventDraft {
        var reader = try BodyReader(request, allowed: fields)
        let sectionID = reader.string("section", max: 40)
        if !reader.has("title") { reader.fail("title", "required") }
        if !reader.has("starts_at") { reader.fail("starts_at", "required") }
        return try EventDraft().applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    func patched(_ request: HTTPRequest, blueprint: Blueprint) throws(AreaError) -> EventDraft {
        var reader = try BodyReader(request, allowed: Self.fields, patch: true)
        let sectionID = reader.has("section") ? reader.string("section", max: 40) : section
        return try applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    private func applying(_ reader: inout BodyReader, sectionID: String?, blueprint: Blueprint) throws(AreaError) -> EventDraft {
        var draft = self
        var settings: EventsSettings?
        do {
            let section = try SectionLookup.forStaff(sectionID, type: .events, in: blueprint)
            draft.section = section.id
            settings = section.eventsSettings
        } catch {
            if case .validation(let problems) = error { for p in problems { reader.fail(p.field, p.message) } }
        }
        for key in ["title", "starts_at"] where reader.isNull(key) { reader.fail(key, "must not be null") }
        if let title = reader.string("title", max: 200) { draft.title = title }
        if reader.has("description") {
            draft.description = RichText.sanitize(reader.string("description", max: 20_000, allowEmpty: true) ?? "")
        }
        if let startsAt = reader.instant("starts_at") { draft.startsAt = startsAt }
        if reader.has("ends_at") { draft.endsAt = reader.instant("ends_at") }
        if reader.has("place") { draft.place = reader.string("place", max: 300) }
        if reader.has("link") { draft.link = reader.url("link", telegram: true) }
        if reader.has("capacity") { draft.capacity = reader.int("capacity", 1...100_000) }
        if reader.has("price_stars") { draft.priceStars = reader.int("price_stars", 1...100_000) }
        if let endsAt = draft.endsAt, endsAt <= draft.startsAt, !reader.problems.contains(where: { $0.field.hasSuffix("s_at") }) {
            reader.fail("ends_at", "must be after starts_at")
        }
        if draft.priceStars != nil, let settings, !settings.paidTickets {
            reader.fail("price_stars", "section \"\(draft.section)\" does not sell tickets (settings.paid_tickets is false)")
        }
        try reader.finish()
        return draft
    }
}

/// The answers of a registration form: the section's `requires_fields`, each present and plausible.
enum RegistrationForm {
    static func read(_ request: HTTPRequest, registration: Registration) throws(AreaError) -> [String: String] {
        var reader = try BodyReader(request, allowed: ["form", "values"])
        var values: [String: String] = [:]
        var given: [String: JSONValueText] = [:]
        if let object = reader.object["values"]?.objectValue {
            for (key, value) in object { given[key] = JSONValueText(value) }
        } else if reader.has("values") && !reader.isNull("values") {
            reader.fail("values", "expected an object of form answers")
        }
        for field in registration.requiresFields {
            let name = "values.\(field.rawValue)"
            guard let answer = given[field.rawValue]?.text?.trimmingCharacters(in: .whitespacesAndNewlines), !answer.isEmpty else {
                reader.fail(name, "required")
                continue
            }
            guard answer.count <= 500 else {
                reader.fail(name, "must be at most 500 characters")
                continue
            }
            switch field {
            case .email:
                let parts = answer.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || answer.contains(where: \.isWhitespace) {
                    reader.fail(name, "expected an email address")
                }
            case .phone:
                let digits = answer.filter(\.isNumber).count
                if digits < 5 || digits > 20 || !answer.allSatisfy({ $0.isNumber || " +()-.".contains($0) }) {
                    reader.fail(name, "expected a phone number")
                }
            default: break
            }
            values[field.rawValue] = answer
        }
        try reader.finish()
        return values
    }
}

/// A form answer as text (numbers are accepted for text fields too).
struct JSONValueText {
    var text: String?
    init(_ value: TesseraJSON.JSONValue) {
        switch value {
        case .string(let s): text = s
        default: text = value.integerValue.map { String($0) }
        }
    }
}
