import Kernel
import XCTest

@testable import People

final class ParticipantQueryTests: XCTestCase {
    func fields(_ items: [(String, String)], paged: Bool = true) -> [String] {
        do {
            _ = try ParticipantQuery.parse(items.map { (name: $0.0, value: $0.1) }, paged: paged)
            return []
        } catch {
            guard case .validation(let problems) = error else { return ["?"] }
            return problems.map(\.field)
        }
    }

    func test_noParameters_isEveryoneByLastSeenNewestFirst() throws {
        let query = try ParticipantQuery.parse([])
        XCTAssertEqual(query.filter, ParticipantFilter())
        XCTAssertEqual(query.sort, .lastSeenDescending)
        XCTAssertEqual(query.limit, 50)
        XCTAssertNil(query.cursor)
    }

    func test_everyFilter_isRead() throws {
        let query = try ParticipantQuery.parse(
            [
                ("q", " ann "), ("source", "ads"), ("tag", "vip"), ("language", "RU"),
                ("first_seen_from", "2025-01-01T00:00:00Z"),
                ("first_seen_to", "2025-02-01T00:00:00+03:00"), ("last_seen_from", "2025-01-01T00:00:00Z"),
                ("last_seen_to", "2025-03-01T00:00:00Z"),
                ("reachable", "false"), ("has_paid", "true"), ("sort", "name"), ("limit", "200"),
            ].map { (name: $0.0, value: $0.1) })
        XCTAssertEqual(query.filter.search, "ann")
        XCTAssertEqual(query.filter.source, "ads")
        XCTAssertEqual(query.filter.tag, "vip")
        XCTAssertEqual(query.filter.language, "ru")
        XCTAssertEqual(query.filter.firstSeenTo, Date(timeIntervalSince1970: 1_738_357_200))
        XCTAssertEqual(query.filter.reachable, false)
        XCTAssertEqual(query.filter.hasPaid, true)
        XCTAssertEqual(query.sort, .name)
        XCTAssertEqual(query.limit, 200)
    }

    func test_badValues_nameTheirParameter_allAtOnce() {
        XCTAssertEqual(
            fields([("limit", "0"), ("reachable", "1"), ("tag", "No Spaces"), ("x", "1")]),
            ["limit", "reachable", "tag", "x"])
        XCTAssertEqual(fields([("sort", "id")]), ["sort"])
        XCTAssertEqual(fields([("q", "a"), ("q", "b")]), ["q"])
        XCTAssertEqual(
            fields([("first_seen_from", "2025-02-01T00:00:00Z"), ("first_seen_to", "2025-01-01T00:00:00Z")]),
            ["first_seen_to"])
    }

    func test_export_takesTheFiltersButNoPaging_andOrdersByID() throws {
        XCTAssertEqual(
            fields([("sort", "name"), ("cursor", "x"), ("limit", "5")], paged: false), ["sort", "cursor", "limit"])
        XCTAssertEqual(try ParticipantQuery.parse([(name: "tag", value: "vip")], paged: false).sort, .id)
    }

    func test_cursor_roundTripsAndMustMatchTheSort() throws {
        for cursor in [
            ParticipantCursor(sort: .lastSeenDescending, key: .micros(1_735_689_600_123_456), id: 7),
            ParticipantCursor(sort: .name, key: .name("o'neil: jr, <b>"), id: 9),
            ParticipantCursor(sort: .firstSeen, key: .micros(-5), id: 1),
        ] {
            XCTAssertEqual(ParticipantCursor(cursor.encoded), cursor)
        }
        let byName = ParticipantCursor(sort: .name, key: .name("x"), id: 3).encoded
        XCTAssertEqual(fields([("cursor", byName)]), ["cursor"])
        XCTAssertEqual(
            try ParticipantQuery.parse([(name: "cursor", value: byName), (name: "sort", value: "name")]).cursor?.id, 3)
        XCTAssertNil(ParticipantCursor("not-base64!"))
        XCTAssertNil(ParticipantCursor(Base64URLText.encode("p1:name:0:x")))
    }

    func test_likeEscaping_makesWildcardsLiteral() {
        XCTAssertEqual(ParticipantDirectory.likeEscaped(#"50%_off\"#), #"50\%\_off\\"#)
    }
}
