import Foundation
import Kernel
import XCTest

final class QueryReaderTests: XCTestCase {
    private enum Order: String, CaseIterable { case name, date }

    func test_unknownAndRepeated_areProblems_inTheQuerysOrder() {
        let reader = QueryReader()
        var read: [String] = []
        reader.read([("limit", "5"), ("x", "1"), ("limit", "6"), ("sort", "name")], allowed: ["limit", "sort"]) {
            read.append($0.name)
        }
        XCTAssertEqual(read, ["limit", "sort"])
        XCTAssertEqual(reader.problems.map(\.field), ["x", "limit"])
        XCTAssertEqual(reader.problems.first?.message, "unknown parameter; expected one of limit, sort")
        XCTAssertEqual(reader.problems.last?.message, "given more than once")
    }

    func test_values_areCheckedWithTheirParametersName() {
        let reader = QueryReader()
        let p = { (name: String, raw: String) in QueryParameter(name: name, raw: raw) }
        XCTAssertEqual(reader.flag(p("reachable", " true ")), true)
        XCTAssertNil(reader.flag(p("reachable", "yes")))
        XCTAssertEqual(reader.text(p("q", " anna "), max: 100), "anna")
        XCTAssertNil(reader.text(p("q", "   "), max: 100))
        XCTAssertNil(reader.text(p("q", String(repeating: "a", count: 101)), max: 100))
        XCTAssertEqual(reader.limit(p("limit", "200"), max: 200), 200)
        XCTAssertNil(reader.limit(p("limit", "0"), max: 200))
        XCTAssertEqual(reader.choice(p("sort", "date"), Order.allCases), .date)
        XCTAssertNil(reader.choice(p("sort", "size"), Order.allCases))
        XCTAssertNotNil(reader.instant(p("from", "2026-12-01T00:00:00Z")))
        XCTAssertNil(reader.instant(p("from", "yesterday")))
        XCTAssertEqual(
            reader.problems.map(\.description),
            [
                "reachable: expected true or false", "q: must not be empty", "q: must be at most 100 characters (got 101)",
                "limit: expected an integer from 1 to 200", "sort: expected one of name, date",
                "from: expected \(Instant.expected)",
            ])
    }

    func test_finish_throwsEveryProblem_andNothingWhenClean() throws {
        let clean = QueryReader()
        clean.ordered(Date(timeIntervalSince1970: 1), Date(timeIntervalSince1970: 2), fromName: "from", toName: "to")
        XCTAssertNoThrow(try clean.finish())

        let reader = QueryReader()
        reader.ordered(Date(timeIntervalSince1970: 2), Date(timeIntervalSince1970: 1), fromName: "from", toName: "to")
        reader.fail("x", "bad")
        do {
            try reader.finish()
            XCTFail("expected a validation error")
        } catch {
            XCTAssertEqual(error, .validation([FieldProblem("to", "must not be before from"), FieldProblem("x", "bad")]))
        }
    }
}
