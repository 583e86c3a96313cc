import Blueprint
import Kernel
import XCTest

@testable import People

final class ContactQueryTests: XCTestCase {
    let declared = [
        ContactField(id: "drink", label: "Drink", type: .choice, choices: []),
        ContactField(id: "note", label: "Note", type: .text),
    ]

    func fields(_ items: [(String, String)], paged: Bool = true) -> [String] {
        do {
            _ = try ContactQuery.parse(items.map { (name: $0.0, value: $0.1) }, fields: declared, paged: paged)
            return []
        } catch {
            guard case .validation(let problems) = error else { return ["?"] }
            return problems.map(\.field)
        }
    }

    func test_noParameters_isEveryContactByLatestChange() throws {
        let query = try ContactQuery.parse([], fields: declared)
        XCTAssertEqual(query.filter, ContactFilter())
        XCTAssertEqual(query.sort, .updatedDescending)
        XCTAssertEqual(query.limit, 50)
    }

    func test_search_isAnEmailWithALetterOrAt_elseThePhonesDigits() {
        XCTAssertEqual(try ContactQuery.search("+7 (900) 123-45").get(), .phone("790012345"))
        XCTAssertEqual(try ContactQuery.search("Ann@Example").get(), .email("ann@example"))
        XCTAssertEqual(try ContactQuery.search("иван").get(), .email("иван"))
        XCTAssertThrowsError(try ContactQuery.search("+-()").get())
        XCTAssertThrowsError(try ContactQuery.search("12#3").get())
        XCTAssertThrowsError(try ContactQuery.search("").get())
        XCTAssertThrowsError(try ContactQuery.search(String(repeating: "1", count: 101)).get())
    }

    func test_filters_readEachParameter() throws {
        let query = try ContactQuery.parse(
            [("has_phone", "true"), ("has_email", "false"), ("consent", "withdrawn"), ("field", "note"), ("sort", "updated")],
            fields: declared)
        XCTAssertEqual(
            query.filter, ContactFilter(search: nil, hasPhone: true, hasEmail: false, consent: .withdrawn, field: "note"))
        XCTAssertEqual(query.sort, .updated)
    }

    func test_everyProblem_namesItsParameter() {
        XCTAssertEqual(fields([("field", "shoe")]), ["field"])
        XCTAssertEqual(fields([("consent", "maybe"), ("has_phone", "1")]), ["consent", "has_phone"])
        XCTAssertEqual(fields([("sort", "-id")]), ["sort"])
        XCTAssertEqual(fields([("q", "a"), ("q", "b")]), ["q"])
        XCTAssertEqual(fields([("colour", "red")]), ["colour"])
        // The export takes the filters only.
        XCTAssertEqual(fields([("limit", "5"), ("cursor", "x")], paged: false), ["limit", "cursor"])
    }

    func test_cursor_roundTrips_andMustMatchTheSort() throws {
        let cursor = ContactCursor(sort: .updated, micros: 1_764_000_000_123_456, id: 42)
        XCTAssertEqual(ContactCursor(cursor.encoded), cursor)
        XCTAssertNil(ContactCursor("bm9wZQ"))
        XCTAssertNil(ContactCursor(Base64URLText.encode("c1:updated:0:5")), "ids are positive")
        XCTAssertEqual(try ContactQuery.parse([("sort", "updated"), ("cursor", cursor.encoded)], fields: declared).cursor, cursor)
        XCTAssertEqual(fields([("cursor", cursor.encoded)]), ["cursor"], "issued for sort=updated, not the default")
    }

    func test_export_isInIdOrder() throws {
        XCTAssertEqual(try ContactQuery.parse([("has_phone", "true")], fields: declared, paged: false).sort, .id)
    }
}
