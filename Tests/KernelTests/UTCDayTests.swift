import Blueprint
import Kernel
import XCTest

final class UTCDayTests: XCTestCase {
    func test_civil_roundTripsAndFormats() {
        XCTAssertEqual(UTCDay(number: 0).description, "1970-01-01")
        XCTAssertEqual(UTCDay(year: 2024, month: 2, day: 29).description, "2024-02-29")
        XCTAssertEqual(UTCDay(year: 2024, month: 2, day: 29).adding(days: 1).description, "2024-03-01")
        XCTAssertEqual(UTCDay(number: -1).description, "1969-12-31")
        for n in stride(from: Int64(-800_000), to: 800_000, by: 997) {
            let (y, m, d) = UTCDay(number: n).civil
            XCTAssertEqual(UTCDay(year: y, month: m, day: d).number, n)
        }
    }

    func test_unixMillis_usesUTCDaysAndFloorsNegativeTimes() {
        XCTAssertEqual(UTCDay(unixMillis: 86_399_999).number, 0)
        XCTAssertEqual(UTCDay(unixMillis: 86_400_000).number, 1)
        XCTAssertEqual(UTCDay(unixMillis: -1).number, -1)
    }

    func test_periodStart_weekIsMondayMonthIsFirstAllTimeIsEpoch() {
        // 2026-11-25 is a Wednesday.
        let day = UTCDay(year: 2026, month: 11, day: 25)
        XCTAssertEqual(day.weekday, 2)
        XCTAssertEqual(RatingPeriod.week.start(containing: day).description, "2026-11-23")
        XCTAssertEqual(RatingPeriod.week.start(containing: UTCDay(year: 2026, month: 11, day: 23)).description, "2026-11-23")
        XCTAssertEqual(RatingPeriod.week.start(containing: UTCDay(year: 2026, month: 11, day: 29)).description, "2026-11-23")
        XCTAssertEqual(RatingPeriod.week.start(containing: UTCDay(year: 2026, month: 11, day: 30)).description, "2026-11-30")
        // A week crossing the new year.
        XCTAssertEqual(RatingPeriod.week.start(containing: UTCDay(year: 2027, month: 1, day: 2)).description, "2026-12-28")
        XCTAssertEqual(RatingPeriod.month.start(containing: day).description, "2026-11-01")
        XCTAssertEqual(RatingPeriod.allTime.start(containing: day).description, "1970-01-01")
    }
}
