import Blueprint
import GameFi
import Kernel
import XCTest

final class QuestOverrideTests: XCTestCase {
    func test_applying_replacesOverriddenRewardsOnly_andCheckinsKeepTheirStreakBonus() {
        let settings = GameFiSettings(
            pointsName: .plain("beans"),
            quests: [
                Quest(id: "check-in", kind: .dailyCheckin(streakBonus: 2), reward: 5),
                Quest(id: "read", kind: .openSection(section: "news"), reward: 10),
                Quest(id: "follow", kind: .subscribeChannel(channel: "@beans"), reward: 50),
            ])
        let applied = settings.applying([
            "check-in": QuestOverride(questID: "check-in", reward: 20),
            "read": QuestOverride(questID: "read", paused: true),
            "gone": QuestOverride(questID: "gone", reward: 1),
        ])
        XCTAssertEqual(applied.quests.map(\.reward), [20, 10, 50])
        XCTAssertEqual(applied.quests.map(\.id), ["check-in", "read", "follow"])
        let today = UTCDay(year: 2026, month: 11, day: 25)
        let state = QuestEligibility.evaluate(
            applied.quests[0], facts: QuestFacts(checkins: ["check-in": (today.adding(days: -1), 2)]), today: today)
        XCTAssertEqual(state.nextReward, 24)
        XCTAssertEqual(settings.applying([:]), settings)
    }
}
