import Blueprint
import Kernel

/// What the server knows about a participant when it decides which quests can be claimed.
public struct QuestFacts: Sendable, Equatable {
    /// The last daily check-in per quest id: its day and streak.
    public var checkins: [String: (day: UTCDay, streak: Int64)]
    /// Quests claimed once and for all (every kind but daily_checkin).
    public var claimed: Set<String>
    /// Sections the participant has opened.
    public var visitedSections: Set<String>
    /// Friends who came through the participant's referral link.
    public var invited: Int64
    /// Paid shop orders.
    public var purchases: Int64
    /// One-off claims taken back (a purchases quest after refunds), per quest id.
    public var revoked: [String: RevokedClaims]

    public init(
        checkins: [String: (day: UTCDay, streak: Int64)] = [:], claimed: Set<String> = [], visitedSections: Set<String> = [],
        invited: Int64 = 0, purchases: Int64 = 0, revoked: [String: RevokedClaims] = [:]
    ) {
        self.checkins = checkins
        self.claimed = claimed
        self.visitedSections = visitedSections
        self.invited = invited
        self.purchases = purchases
        self.revoked = revoked
    }

    public static func == (lhs: QuestFacts, rhs: QuestFacts) -> Bool {
        lhs.claimed == rhs.claimed && lhs.visitedSections == rhs.visitedSections && lhs.invited == rhs.invited
            && lhs.purchases == rhs.purchases && lhs.revoked == rhs.revoked && lhs.checkins.count == rhs.checkins.count
            && lhs.checkins.allSatisfy { key, value in rhs.checkins[key].map { $0.day == value.day && $0.streak == value.streak } ?? false }
    }
}

/// The revoked one-off claims of one quest: how many, and the points their reversals could not
/// take back (spent meanwhile) that no later claim has paid off yet.
public struct RevokedClaims: Sendable, Equatable {
    public var count: Int
    public var debt: Int64

    public init(count: Int, debt: Int64) {
        self.count = count
        self.debt = debt
    }
}

/// A quest's state for one participant.
public struct QuestState: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Done and rewarded (for check-ins: today).
        case claimed
        /// Can be claimed now (for subscribe_channel: the claim itself verifies membership).
        case claimable
        /// Not completed yet.
        case locked
    }

    public var quest: Quest
    public var status: Status
    /// (value, target) for counted quests.
    public var progress: (value: Int64, target: Int64)?
    /// Check-ins: the streak so far (claimed today or still alive from yesterday), and what
    /// today's check-in pays.
    public var streak: Int64?
    public var nextReward: Int64

    /// The ledger's idempotency period: the UTC day for check-ins, `once` for the rest (`once:<n>`
    /// for the n-th claim of a quest whose earlier claims were revoked).
    public var period: String
    /// Points of an earlier claim's shortfall that claiming now pays off instead of `nextReward`
    /// paying them out (a quest claimed again after a reversal that could not take everything back).
    public var settles: Int64 = 0

    public static func == (lhs: QuestState, rhs: QuestState) -> Bool {
        lhs.quest == rhs.quest && lhs.status == rhs.status && lhs.progress?.value == rhs.progress?.value
            && lhs.progress?.target == rhs.progress?.target && lhs.streak == rhs.streak && lhs.nextReward == rhs.nextReward
            && lhs.period == rhs.period && lhs.settles == rhs.settles
    }
}

/// Pure quest rules: given the facts, each quest's status, progress and reward.
public enum QuestEligibility {
    public static let oncePeriod = "once"

    public static func evaluate(_ quest: Quest, facts: QuestFacts, today: UTCDay) -> QuestState {
        let reward = Int64(quest.reward)
        switch quest.kind {
        case .dailyCheckin(let bonus):
            let last = facts.checkins[quest.id]
            if let last, last.day == today {
                return QuestState(quest: quest, status: .claimed, streak: last.streak, nextReward: 0, period: today.description)
            }
            let decision = CheckinRules.checkin(
                today: today, lastDay: last?.day, lastStreak: last?.streak ?? 0, reward: reward, streakBonus: Int64(bonus))
            let alive = last.map { $0.day == today.adding(days: -1) ? $0.streak : 0 } ?? 0
            return QuestState(
                quest: quest, status: .claimable, streak: alive, nextReward: decision?.points ?? reward, period: today.description)
        case .openSection(let section):
            return once(quest, facts, reward, done: facts.visitedSections.contains(section), progress: nil)
        case .subscribeChannel:
            return once(quest, facts, reward, done: true, progress: nil)
        case .inviteFriends(let count):
            let target = Int64(count)
            return once(quest, facts, reward, done: facts.invited >= target, progress: (min(facts.invited, target), target))
        case .purchases(let count):
            let target = Int64(count)
            return once(quest, facts, reward, done: facts.purchases >= target, progress: (min(facts.purchases, target), target))
        }
    }

    private static func once(_ quest: Quest, _ facts: QuestFacts, _ reward: Int64, done: Bool, progress: (value: Int64, target: Int64)?)
        -> QuestState
    {
        let status: QuestState.Status = facts.claimed.contains(quest.id) ? .claimed : done ? .claimable : .locked
        guard status != .claimed, let revoked = facts.revoked[quest.id], revoked.count > 0 else {
            return QuestState(quest: quest, status: status, progress: progress, streak: nil, nextReward: reward, period: oncePeriod)
        }
        // Claimed again after reversals: a period of its own (so its ledger key is new), and an
        // unpaid shortfall is settled before points are paid out again.
        let pays = max(0, reward - revoked.debt)
        return QuestState(
            quest: quest, status: status, progress: progress, streak: nil, nextReward: pays, period: "\(oncePeriod):\(revoked.count + 1)",
            settles: reward - pays)
    }

    /// Whether `period` is a one-off quest's (`once`, or `once:<n>` for a claim after reversals).
    public static func isOnce(_ period: String) -> Bool { period == oncePeriod || period.hasPrefix(oncePeriod + ":") }

    /// The ledger idempotency key of a quest claim.
    public static func idempotencyKey(quest: String, participant: Int64, period: String) -> String {
        "quest:\(quest):\(participant):\(period)"
    }

    /// The ledger idempotency key of taking a quest claim's reward back.
    public static func reversalKey(quest: String, participant: Int64, period: String) -> String {
        "reversal:" + idempotencyKey(quest: quest, participant: participant, period: period)
    }
}
