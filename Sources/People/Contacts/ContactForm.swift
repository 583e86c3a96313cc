import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraJSON

/// A participant's contact form as submitted (`PUT /api/v1/{tenant}/me/contact`): the whole form,
/// so an absent or null value clears it. Phone numbers never come this way: only Telegram vouches
/// for those.
struct ContactSubmission: Sendable, Equatable {
    var email: String?
    /// Values of the blueprint's `contact_fields`, by id, already checked against their type.
    var fields: [String: JSONValue]
    var consent: Bool

    static let textMax = 500

    /// Reads and checks the body against the blueprint's fields; every problem is reported at once,
    /// custom fields as `fields.<id>`.
    static func parse(_ request: HTTPRequest, fields declared: [ContactField]) throws(AreaError) -> ContactSubmission {
        var body = try BodyReader(request, allowed: ["email", "fields", "consent"])
        var email: String?
        if let raw = body.string("email", max: 254) {
            email = EmailAddress.normalize(raw)
            if email == nil { body.fail("email", "expected an email address like name@example.com") }
        }
        let consent = body.bool("consent")
        if consent == nil && !body.has("consent") {
            body.fail("consent", "required: true or false, whether we may contact you")
        }
        var values: [String: JSONValue] = [:]
        switch body.object["fields"] {
        case nil, .null?: break
        case .object(let given)?:
            let ids = declared.map(\.id)
            for (id, _) in given where !ids.contains(id) {
                body.fail(
                    "fields.\(id)",
                    ids.isEmpty
                        ? "unknown field; this app asks for none"
                        : "unknown field; expected one of \(ids.joined(separator: ", "))")
            }
            for field in declared {
                guard let value = given[field.id], !value.isNull else { continue }
                switch check(value, field) {
                case .success(let valid): values[field.id] = valid
                case .failure(let problem): body.fail("fields.\(field.id)", problem.message)
                }
            }
        default: body.fail("fields", "expected an object of field ids and values")
        }
        for field in declared
        where field.required && values[field.id] == nil
            && !body.problems.contains(where: { $0.field == "fields.\(field.id)" })
        {
            body.fail("fields.\(field.id)", "required")
        }
        try body.finish()
        return ContactSubmission(email: email, fields: values, consent: consent ?? false)
    }

    struct Problem: Error { var message: String }

    /// The value in stored form when it suits `field`'s type.
    static func check(_ value: JSONValue, _ field: ContactField) -> Result<JSONValue, Problem> {
        switch (field.type, value) {
        case (.text, .string(let raw)):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return .failure(Problem(message: "must not be empty")) }
            if text.count > textMax {
                return .failure(Problem(message: "must be at most \(textMax) characters (got \(text.count))"))
            }
            return .success(.string(text))
        case (.number, .int): return .success(value)
        case (.number, .double(let d)) where d.isFinite: return .success(value)
        case (.date, .string(let text)):
            guard let day = calendarDay(text) else { return .failure(Problem(message: "expected a date YYYY-MM-DD")) }
            return .success(.string(day))
        case (.choice, .string(let id)):
            let ids = field.choices.map(\.id)
            guard ids.contains(id) else {
                return .failure(Problem(message: "expected one of \(ids.joined(separator: ", "))"))
            }
            return .success(value)
        case (.bool, .bool): return .success(value)
        case (.text, _): return .failure(Problem(message: "expected a string"))
        case (.number, _): return .failure(Problem(message: "expected a number"))
        case (.date, _): return .failure(Problem(message: "expected a date YYYY-MM-DD"))
        case (.choice, _): return .failure(Problem(message: "expected the id of a choice"))
        case (.bool, _): return .failure(Problem(message: "expected true or false"))
        }
    }

    /// `YYYY-MM-DD` naming a day that exists (no 31 April), else nil.
    static func calendarDay(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let civil = UTCDay(year: year, month: month, day: day).civil
        return civil.year == year && civil.month == month && civil.day == day ? text : nil
    }
}

/// Email addresses as the contact form stores them.
enum EmailAddress {
    /// Trimmed, the domain lowercased (the local part is the mail server's business, so kept);
    /// nil unless it is `local@domain` with a dotted domain of letters, digits and hyphens.
    static func normalize(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, (1...64).contains(parts[0].utf8.count) else { return nil }
        let local = parts[0]
        let domain = parts[1].lowercased()
        guard
            !local.contains(where: {
                $0.isWhitespace || $0.isNewline || $0 == "\"" || $0.asciiValue.map { $0 < 0x20 } ?? false
            }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            }),
            let top = labels.last, top.allSatisfy(\.isLetter)
        else { return nil }
        return "\(local)@\(domain)"
    }
}
