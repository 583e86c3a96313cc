import Blueprint
import GameFi
import Kernel
import XCTest

final class QuestEligibilityTests: XCTestCase {
    let today = UTCDay(year: 2026, month: 11, day: 25)

    func test_dailyCheckin_claimableOncePerDayWithStreakReward() {
        let quest = Quest(id: "check-in", kind: .dailyCheckin(streakBonus: 2), reward: 5)
        var facts = QuestFacts(checkins: ["check-in": (today.adding(days: -1), 2)])
        var state = QuestEligibility.evaluate(quest, facts: facts, today: today)
        XCTAssertEqual(state.status, .claimable)
        XCTAssertEqual(state.nextReward, 9)
        XCTAssertEqual(state.period, "2026-11-25")
        facts.checkins["check-in"] = (today, 3)
        state = QuestEligibility.evaluate(quest, facts: facts, today: today)
        XCTAssertEqual(state.status, .claimed)
        XCTAssertEqual(state.streak, 3)
    }

    func test_openSection_needsAVisit() {
        let quest = Quest(id: "read", kind: .openSection(section: "news"), reward: 10)
        XCTAssertEqual(QuestEligibility.evaluate(quest, facts: QuestFacts(), today: today).status, .locked)
        XCTAssertEqual(QuestEligibility.evaluate(quest, facts: QuestFacts(visitedSections: ["news"]), today: today).status, .claimable)
        XCTAssertEqual(
            QuestEligibility.evaluate(quest, facts: QuestFacts(claimed: ["read"], visitedSections: ["news"]), today: today).status, .claimed)
    }

    func test_countedQuests_reportProgressAndUnlockAtTheTarget() {
        let invite = Quest(id: "friends", kind: .inviteFriends(count: 3), reward: 150)
        var state = QuestEligibility.evaluate(invite, facts: QuestFacts(invited: 2), today: today)
        XCTAssertEqual(state.status, .locked)
        XCTAssertEqual(state.progress?.value, 2)
        XCTAssertEqual(state.progress?.target, 3)
        state = QuestEligibility.evaluate(invite, facts: QuestFacts(invited: 7), today: today)
        XCTAssertEqual(state.status, .claimable)
        XCTAssertEqual(state.progress?.value, 3)
        let buy = Quest(id: "buy", kind: .purchases(count: 1), reward: 100)
        XCTAssertEqual(QuestEligibility.evaluate(buy, facts: QuestFacts(purchases: 1), today: today).status, .claimable)
    }

    func test_idempotencyKey_namesQuestParticipantAndPeriod() {
        XCTAssertEqual(QuestEligibility.idempotencyKey(quest: "check-in", participant: 7, period: "2026-11-25"), "quest:check-in:7:2026-11-25")
    }

    func test_referralCode_parsesOnlyWellFormedCodes() {
        XCTAssertEqual(ReferralCode.referrer(in: "ref_42"), 42)
        XCTAssertEqual(ReferralCode.code(for: 42), "ref_42")
        for bad in [nil, "", "ref_", "ref_-1", "ref_0", "ref_12a", "promo_1", "ref_99999999999999999999"] as [String?] {
            XCTAssertNil(ReferralCode.referrer(in: bad), String(describing: bad))
        }
    }

    func test_chatMemberStatus_countsMembersOnly() {
        XCTAssertTrue(ChatMemberStatus.isMember(status: "member", isMemberFlag: nil))
        XCTAssertTrue(ChatMemberStatus.isMember(status: "creator", isMemberFlag: nil))
        XCTAssertTrue(ChatMemberStatus.isMember(status: "restricted", isMemberFlag: true))
        XCTAssertFalse(ChatMemberStatus.isMember(status: "restricted", isMemberFlag: false))
        XCTAssertFalse(ChatMemberStatus.isMember(status: "left", isMemberFlag: nil))
        XCTAssertFalse(ChatMemberStatus.isMember(status: "kicked", isMemberFlag: nil))
    }

    func test_purchasesQuestAfterReversals_getsANewPeriodAndSettlesTheShortfallFirst() {
        let buy = Quest(id: "buy", kind: .purchases(count: 1), reward: 100)
        var state = QuestEligibility.evaluate(
            buy, facts: QuestFacts(purchases: 1, revoked: ["buy": RevokedClaims(count: 1, debt: 0)]), today: today)
        XCTAssertEqual(state.status, .claimable)
        XCTAssertEqual(state.period, "once:2", "a new award key: the first one was used and reversed")
        XCTAssertEqual(state.nextReward, 100)
        XCTAssertEqual(state.settles, 0)
        state = QuestEligibility.evaluate(
            buy, facts: QuestFacts(purchases: 0, revoked: ["buy": RevokedClaims(count: 2, debt: 70)]), today: today)
        XCTAssertEqual(state.status, .locked)
        XCTAssertEqual(state.period, "once:3")
        XCTAssertEqual(state.nextReward, 30, "70 points the last reversal could not take back come off first")
        XCTAssertEqual(state.settles, 70)
        state = QuestEligibility.evaluate(
            buy, facts: QuestFacts(purchases: 1, revoked: ["buy": RevokedClaims(count: 1, debt: 250)]), today: today)
        XCTAssertEqual(state.nextReward, 0)
        XCTAssertEqual(state.settles, 100)
        state = QuestEligibility.evaluate(
            buy, facts: QuestFacts(claimed: ["buy"], purchases: 1, revoked: ["buy": RevokedClaims(count: 1, debt: 0)]), today: today)
        XCTAssertEqual(state.status, .claimed)
        XCTAssertTrue(QuestEligibility.isOnce("once") && QuestEligibility.isOnce("once:12"))
        XCTAssertFalse(QuestEligibility.isOnce("2026-11-25"))
        XCTAssertEqual(QuestEligibility.reversalKey(quest: "buy", participant: 7, period: "once:2"), "reversal:quest:buy:7:once:2")
    }
}
