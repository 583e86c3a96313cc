import Analytics
import Foundation
import XCTest

final class OverviewRangeTests: XCTestCase {
    // 2025-03-10T15:30:00Z
    let now = Date(timeIntervalSince1970: 1_741_620_600)

    func test_window_coversWholeUTCDaysEndingWithToday() {
        let today = OverviewRange.today.window(now: now)
        XCTAssertEqual(today.dayName(0), "2025-03-10")
        XCTAssertEqual(today.to.timeIntervalSince(today.from), 86_400)
        let week = OverviewRange.week.window(now: now)
        XCTAssertEqual(week.dayName(0), "2025-03-04")
        XCTAssertEqual(week.dayName(6), "2025-03-10")
        XCTAssertEqual(week.to, today.to)
        XCTAssertEqual(OverviewRange.month.window(now: now).dayName(0), "2025-02-09")
    }

    func test_series_fillsMissingDaysWithZeroAndDropsOutsideOnes() {
        let week = OverviewRange.week.window(now: now)
        let series = week.series([0: 3, 6: 1, 9: 5])
        XCTAssertEqual(series.map(\.value), [3, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(series.last?.day, "2025-03-10")
    }

    func test_range_parsesOnlyTheDocumentedValues() {
        XCTAssertEqual(OverviewRange(rawValue: "7d"), .week)
        XCTAssertEqual(OverviewRange(rawValue: "30d"), .month)
        XCTAssertNil(OverviewRange(rawValue: "week"))
    }
}
