@testable import Blueprint
import Foundation
import XCTest

final class ISO8601Tests: XCTestCase {
    func test_parse_acceptsDatesAndDateTimesWithOffsets() {
        XCTAssertEqual(ISO8601.parse("1970-01-01"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(ISO8601.parse("2024-02-29T12:30:15Z"), Date(timeIntervalSince1970: 1_709_209_815))
        XCTAssertEqual(ISO8601.parse("2024-02-29T15:30:15+03:00"), Date(timeIntervalSince1970: 1_709_209_815))
        XCTAssertEqual(ISO8601.parse("2024-02-29T07:00-05:30"), Date(timeIntervalSince1970: 1_709_209_800))
    }

    func test_parse_rejectsInvalidAndAmbiguousInstants() {
        for text in ["2023-02-29", "2024-13-01", "2024-01-01T24:00Z", "2024-01-01T10:00", "2024-1-01", "2024-01-01T10:00:00+0300", "2024-01-01 10:00Z", "2024-01-01T10:00:00Zjunk"] {
            XCTAssertNil(ISO8601.parse(text), text)
        }
    }

    func test_format_writesUTCAndRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_709_209_815)
        XCTAssertEqual(ISO8601.format(date), "2024-02-29T12:30:15Z")
        XCTAssertEqual(ISO8601.parse(ISO8601.format(date)), date)
        XCTAssertEqual(ISO8601.format(Date(timeIntervalSince1970: -1)), "1969-12-31T23:59:59Z")
    }
}
