import Blueprint
import Foundation
import Kernel

/// Which contacts the Contacts list or its export shows: every filter comes from the URL query.
struct ContactFilter: Equatable, Sendable {
    enum Search: Equatable, Sendable {
        /// Digits of a phone number, separators dropped.
        case phone(String)
        /// Part of an email address, lowercased.
        case email(String)
    }

    enum Consent: String, CaseIterable, Sendable {
        case given
        case withdrawn
        /// Never answered the consent question.
        case unknown
    }

    var search: Search?
    var hasPhone: Bool?
    var hasEmail: Bool?
    var consent: Consent?
    /// A blueprint `contact_fields` id the participant filled in.
    var field: String?
}

/// The list's order: when the contact card last changed, ties broken by the participant's id.
enum ContactSort: String, CaseIterable, Sendable {
    case updatedDescending = "-updated"
    case updated
    /// The export's order: ids never change, so a long export neither repeats nor skips anyone.
    case id

    static let listed: [ContactSort] = [.updatedDescending, .updated]
    static let `default` = ContactSort.updatedDescending
}

/// Where a page of the Contacts list ends: its last row's `contact_updated_at` and id.
struct ContactCursor: Equatable, Sendable {
    var sort: ContactSort
    /// Microseconds since the epoch, exactly as stored (0 for the export's id order).
    var micros: Int64
    var id: Int64

    var encoded: String { Base64URLText.encode("c1:\(sort.rawValue):\(id):\(micros)") }

    init(sort: ContactSort, micros: Int64, id: Int64) {
        self.sort = sort
        self.micros = micros
        self.id = id
    }

    init?(_ encoded: String) {
        guard encoded.utf8.count <= 1_000, let text = Base64URLText.decode(encoded) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "c1", let sort = ContactSort(rawValue: String(parts[1])),
            let id = Int64(parts[2]), id > 0, let micros = Int64(parts[3])
        else { return nil }
        self.init(sort: sort, micros: micros, id: id)
    }
}

/// A Contacts list request read from the URL query: filters, order, page — the conventions of
/// `ParticipantQuery` (every problem a 422 naming its parameter, unknown and repeated ones too).
struct ContactQuery: Equatable, Sendable {
    var filter = ContactFilter()
    var sort = ContactSort.default
    var cursor: ContactCursor?
    var limit = ParticipantQuery.limits.default

    static let filterNames = ["q", "has_phone", "has_email", "consent", "field"]

    /// Reads `items`; `fields` are the blueprint's declared contact fields (what `field` may name);
    /// `paged` false (the export) accepts only the filters.
    static func parse(_ items: [(name: String, value: String)], fields: [ContactField], paged: Bool = true)
        throws(AreaError) -> ContactQuery
    {
        let reader = QueryReader()
        var query = ContactQuery()
        reader.read(items, allowed: filterNames + (paged ? ParticipantQuery.pageNames : [])) { p in
            switch p.name {
            case "q":
                switch search(p.value) {
                case .success(let search): query.filter.search = search
                case .failure(let problem): reader.fail(p.name, problem.message)
                }
            case "has_phone": query.filter.hasPhone = reader.flag(p)
            case "has_email": query.filter.hasEmail = reader.flag(p)
            case "consent": query.filter.consent = reader.choice(p, ContactFilter.Consent.allCases)
            case "field":
                let ids = fields.map(\.id)
                if ids.contains(p.value) {
                    query.filter.field = p.value
                } else {
                    reader.fail(
                        p.name,
                        ids.isEmpty
                            ? "this app's blueprint declares no contact_fields"
                            : "expected one of the blueprint's contact_fields: \(ids.joined(separator: ", "))")
                }
            case "sort": query.sort = reader.choice(p, ContactSort.listed) ?? query.sort
            case "cursor":
                if let cursor = ContactCursor(p.value) {
                    query.cursor = cursor
                } else {
                    reader.fail(p.name, "not a cursor this API issued")
                }
            case "limit": query.limit = reader.limit(p, max: ParticipantQuery.limits.max) ?? query.limit
            default: break
            }
        }
        if let cursor = query.cursor, cursor.sort != query.sort {
            reader.fail("cursor", "was issued for sort=\(cursor.sort.rawValue); pass the same sort")
        }
        try reader.finish()
        if !paged { query.sort = .id }
        return query
    }

    struct Problem: Error { var message: String }

    /// `q`: part of an email address when it has a letter or `@`, else part of a phone number
    /// (digits, with `+`, spaces, dashes, dots or brackets between them).
    static func search(_ value: String) -> Result<ContactFilter.Search, Problem> {
        guard !value.isEmpty else { return .failure(Problem(message: "must not be empty")) }
        guard value.count <= 100 else {
            return .failure(Problem(message: "must be at most 100 characters (got \(value.count))"))
        }
        if value.contains(where: { $0 == "@" || $0.isLetter }) { return .success(.email(value.lowercased())) }
        let digits = value.filter { $0.isASCII && $0.isNumber }
        let separators: Set<Character> = ["+", " ", "-", "(", ")", "."]
        guard !digits.isEmpty, value.allSatisfy({ ($0.isASCII && $0.isNumber) || separators.contains($0) }) else {
            return .failure(Problem(message: "expected part of a phone number (digits) or of an email address"))
        }
        return .success(.phone(digits))
    }
}
