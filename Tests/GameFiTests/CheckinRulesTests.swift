import GameFi
import Kernel
import XCTest

final class CheckinRulesTests: XCTestCase {
    let today = UTCDay(year: 2026, month: 11, day: 25)

    func test_firstCheckin_paysTheBaseReward() {
        XCTAssertEqual(CheckinRules.checkin(today: today, lastDay: nil, lastStreak: 0, reward: 5, streakBonus: 2), .init(streak: 1, points: 5))
    }

    func test_consecutiveDays_growTheStreakAndTheBonus() {
        let d = CheckinRules.checkin(today: today, lastDay: today.adding(days: -1), lastStreak: 3, reward: 5, streakBonus: 2)
        XCTAssertEqual(d, .init(streak: 4, points: 11))
    }

    func test_aMissedDay_restartsTheStreak() {
        let d = CheckinRules.checkin(today: today, lastDay: today.adding(days: -2), lastStreak: 9, reward: 5, streakBonus: 2)
        XCTAssertEqual(d, .init(streak: 1, points: 5))
    }

    func test_sameDay_isNotClaimableTwice() {
        XCTAssertNil(CheckinRules.checkin(today: today, lastDay: today, lastStreak: 1, reward: 5, streakBonus: 2))
        XCTAssertNil(CheckinRules.checkin(today: today, lastDay: today.adding(days: 1), lastStreak: 1, reward: 5, streakBonus: 2))
    }
}
