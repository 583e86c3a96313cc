import Foundation
import XCTest

@testable import Postgres

final class PostgresTimestampTests: XCTestCase {
    func test_parse_handlesServerOutputFormats() {
        let base = 1_714_566_600.0  // 2024-05-01 12:30:00 UTC
        let cases: [(String, Double)] = [
            ("2024-05-01 12:30:00+00", base),
            ("2024-05-01 12:30:00.5+00", base + 0.5),
            ("2024-05-01 12:30:00.123456+00", base + 0.123456),
            ("2024-05-01 18:00:00+05:30", base),
            ("2024-05-01 07:30:00-05", base),
            ("2024-05-01 12:30:00", base),
            ("2024-05-01T12:30:00Z", base),
            ("2024-05-01T12:30:00.250000Z", base + 0.25),
            ("2024-05-01 13:30:00+0100", base),
            ("2024-05-01", base - 45_000),
        ]
        for (text, expected) in cases {
            let parsed = PostgresTimestamp.parse(text)
            XCTAssertNotNil(parsed, text)
            XCTAssertEqual(parsed?.timeIntervalSince1970 ?? 0, expected, accuracy: 1e-6, text)
        }
    }

    func test_parse_handlesInfinityAndBC() {
        XCTAssertEqual(PostgresTimestamp.parse("infinity"), .distantFuture)
        XCTAssertEqual(PostgresTimestamp.parse("-infinity"), .distantPast)
        let bc = PostgresTimestamp.parse("0044-03-15 12:00:00+00 BC")
        XCTAssertNotNil(bc)
        XCTAssertLessThan(bc!.timeIntervalSince1970, -62_000_000_000)
    }

    func test_parse_rejectsMalformedText() {
        for text in [
            "", "2024-5-1", "2024-05-01 12:30", "2024-13-01", "2024-05-01 12:30:00+", "yesterday",
            "2024-05-01 12:30:00.",
        ] {
            XCTAssertNil(PostgresTimestamp.parse(text), text)
        }
    }

    func test_format_roundTripsThroughParse() {
        for seconds in [0.0, 1_714_566_600.123456, -86_400.5, 253_402_300_799.0, 951_782_400.999999] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = PostgresTimestamp.format(date)
            XCTAssertEqual(PostgresTimestamp.parse(text)!.timeIntervalSince1970, seconds, accuracy: 1e-6, text)
        }
        XCTAssertEqual(
            PostgresTimestamp.format(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00.000000Z")
    }
}
