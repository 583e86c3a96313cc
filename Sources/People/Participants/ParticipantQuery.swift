import Blueprint
import Foundation
import Kernel

/// Which participants a list or an export shows: every filter comes from the URL query.
struct ParticipantFilter: Equatable, Sendable {
    /// Part of the name or username (`@` optional), or a whole Telegram id.
    var search: String?
    /// The first start parameter (the acquisition source), exactly.
    var source: String?
    var tag: String?
    var language: String?
    var firstSeenFrom: Date?
    var firstSeenTo: Date?
    var lastSeenFrom: Date?
    var lastSeenTo: Date?
    /// true: the bot can write to them; false: they blocked the bot.
    var reachable: Bool?
    /// true: at least one payment; false: none.
    var hasPaid: Bool?
}

/// The list's order; every order ends with the id so pages never overlap.
enum ParticipantSort: String, CaseIterable, Sendable {
    case lastSeen = "last_seen"
    case lastSeenDescending = "-last_seen"
    case firstSeen = "first_seen"
    case firstSeenDescending = "-first_seen"
    case name
    /// The export's order: ids never change, so a long export neither repeats nor skips anyone.
    case id = "id"

    static let listed: [ParticipantSort] = [.lastSeen, .lastSeenDescending, .firstSeen, .firstSeenDescending, .name]
    static let `default` = ParticipantSort.lastSeenDescending

    var descending: Bool { self == .lastSeenDescending || self == .firstSeenDescending }
}

/// Where a page of the list ends: the sort key and id of its last row, for the next page.
struct ParticipantCursor: Equatable, Sendable {
    enum Key: Equatable, Sendable {
        /// A timestamp in microseconds since the epoch, exactly as stored.
        case micros(Int64)
        /// The lowercased name the `name` order compares.
        case name(String)
        case none
    }

    var sort: ParticipantSort
    var key: Key
    var id: Int64

    var encoded: String {
        let key: String =
            switch key {
            case .micros(let micros): String(micros)
            case .name(let name): name
            case .none: ""
            }
        return Base64URLText.encode("p1:\(sort.rawValue):\(id):\(key)")
    }

    init(sort: ParticipantSort, key: Key, id: Int64) {
        self.sort = sort
        self.key = key
        self.id = id
    }

    init?(_ encoded: String) {
        guard encoded.utf8.count <= 1_000, let text = Base64URLText.decode(encoded) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "p1", let sort = ParticipantSort(rawValue: String(parts[1])),
            let id = Int64(parts[2]), id > 0
        else { return nil }
        switch sort {
        case .lastSeen, .lastSeenDescending, .firstSeen, .firstSeenDescending:
            guard let micros = Int64(parts[3]) else { return nil }
            key = .micros(micros)
        case .name: key = .name(String(parts[3]))
        case .id:
            guard parts[3].isEmpty else { return nil }
            key = .none
        }
        self.sort = sort
        self.id = id
    }
}

/// A list request read from the URL query: filters, order, page.
struct ParticipantQuery: Equatable, Sendable {
    var filter = ParticipantFilter()
    var sort = ParticipantSort.default
    var cursor: ParticipantCursor?
    var limit = ParticipantQuery.limits.default

    static let limits = (default: 50, max: 200)
    static let filterNames = [
        "q", "source", "tag", "language", "first_seen_from", "first_seen_to", "last_seen_from", "last_seen_to",
        "reachable",
        "has_paid",
    ]
    static let pageNames = ["sort", "cursor", "limit"]

    /// Reads `items`; `paged` false (the export) accepts only the filters. Every problem is a 422
    /// naming its parameter; an unknown or repeated parameter is one too.
    static func parse(_ items: [(name: String, value: String)], paged: Bool = true) throws(AreaError)
        -> ParticipantQuery
    {
        let reader = QueryReader()
        var query = ParticipantQuery()
        reader.read(items, allowed: filterNames + (paged ? pageNames : [])) { p in
            switch p.name {
            case "q": query.filter.search = reader.text(p, max: 100)
            case "source": query.filter.source = reader.text(p, max: 512)
            case "tag":
                if ParticipantTag.isValid(p.value) {
                    query.filter.tag = p.value
                } else {
                    reader.fail(p.name, "expected a tag: \(ParticipantTag.expected)")
                }
            case "language":
                if let code = reader.text(p, max: 16) { query.filter.language = code.lowercased() }
            case "first_seen_from": query.filter.firstSeenFrom = reader.instant(p)
            case "first_seen_to": query.filter.firstSeenTo = reader.instant(p)
            case "last_seen_from": query.filter.lastSeenFrom = reader.instant(p)
            case "last_seen_to": query.filter.lastSeenTo = reader.instant(p)
            case "reachable": query.filter.reachable = reader.flag(p)
            case "has_paid": query.filter.hasPaid = reader.flag(p)
            case "sort": query.sort = reader.choice(p, ParticipantSort.listed) ?? query.sort
            case "cursor":
                if let cursor = ParticipantCursor(p.value) {
                    query.cursor = cursor
                } else {
                    reader.fail(p.name, "not a cursor this API issued")
                }
            case "limit": query.limit = reader.limit(p, max: limits.max) ?? query.limit
            default: break
            }
        }
        reader.ordered(
            query.filter.firstSeenFrom, query.filter.firstSeenTo, fromName: "first_seen_from", toName: "first_seen_to")
        reader.ordered(
            query.filter.lastSeenFrom, query.filter.lastSeenTo, fromName: "last_seen_from", toName: "last_seen_to")
        if let cursor = query.cursor, cursor.sort != query.sort {
            reader.fail("cursor", "was issued for sort=\(cursor.sort.rawValue); pass the same sort")
        }
        try reader.finish()
        if !paged { query.sort = .id }
        return query
    }
}
