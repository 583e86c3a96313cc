import Foundation
import Kernel

/// The inbox list's filters, order and position, read from the query string.
struct InboxQuery: Equatable {
    enum Sort: String, CaseIterable {
        /// Newest last message first.
        case lastMessage = "last_message"
        /// Longest waiting first; only conversations waiting for an answer.
        case waiting
    }

    enum Assignee: Equatable {
        case none
        case actor(String)
    }

    static let states = ["open", "pending", "closed"]
    static let page = (default: 50, max: 200)

    var state: String?
    var assignee: Assignee?
    var unreadOnly = false
    var search: String?
    var sort = Sort.lastMessage
    /// The sort key (the database's text of a timestamp) and id of the last row of the previous page.
    var after: (key: String, id: Int64)?
    var limit = page.default

    static func == (a: InboxQuery, b: InboxQuery) -> Bool {
        a.state == b.state && a.assignee == b.assignee && a.unreadOnly == b.unreadOnly && a.search == b.search
            && a.sort == b.sort && a.after?.key == b.after?.key && a.after?.id == b.after?.id && a.limit == b.limit
    }

    /// Reads `state`, `assignee` (`me`, `none`, `staff_person:<id>`, `staff_token:<id>`), `unread`,
    /// `q`, `sort`, `cursor` and `limit`; `me` is `actor`.
    init(_ value: (String) -> String?, me actor: String) throws(AreaError) {
        if let raw = value("state") {
            guard Self.states.contains(raw) else {
                throw AreaError.invalid("state", "expected one of \(Self.states.joined(separator: ", "))")
            }
            state = raw
        }
        if let raw = value("assignee") {
            switch raw {
            case "me": assignee = .actor(actor)
            case "none": assignee = Assignee.none
            default:
                guard Self.isActorReference(raw) else {
                    throw AreaError.invalid("assignee", "expected me, none, staff_person:<id> or staff_token:<id>")
                }
                assignee = .actor(raw)
            }
        }
        if let raw = value("unread") {
            guard ["true", "false"].contains(raw) else { throw AreaError.invalid("unread", "expected true or false") }
            unreadOnly = raw == "true"
        }
        if let raw = value("q") {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            guard (1...100).contains(trimmed.count) else { throw AreaError.invalid("q", "expected 1 to 100 characters") }
            search = trimmed
        }
        if let raw = value("sort") {
            guard let parsed = Sort(rawValue: raw) else {
                throw AreaError.invalid("sort", "expected one of \(Sort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sort = parsed
        }
        limit = try limitParameter(value("limit"), default: Self.page.default, max: Self.page.max)
        if let raw = value("cursor") {
            guard let after = Self.decodeCursor(raw, sort: sort) else {
                throw AreaError.invalid("cursor", "expected the next_cursor of a previous page with the same sort")
            }
            self.after = after
        }
    }

    static func isActorReference(_ text: String) -> Bool {
        text.range(of: #"^staff_(person|token):[1-9][0-9]{0,17}$"#, options: .regularExpression) != nil
    }

    static func cursor(sort: Sort, key: String, id: Int64) -> String {
        Base64URLText.encode("\(sort.rawValue)|\(key)|\(id)")
    }

    static func decodeCursor(_ raw: String, sort: Sort) -> (key: String, id: Int64)? {
        guard let text = Base64URLText.decode(raw) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == sort.rawValue, let id = Int64(parts[2]), id > 0,
            parts[1].range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+[+-][0-9:]+$"#, options: .regularExpression) != nil
        else { return nil }
        return (String(parts[1]), id)
    }

    /// `text` as an ILIKE pattern matching it anywhere, its wildcards escaped.
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
            escaped.append(c)
        }
        return "%\(escaped)%"
    }
}
