import Kernel

/// Daily check-in: once per UTC day; the streak continues when yesterday was claimed too, and
/// each consecutive day adds `streakBonus` on top of the base reward (day 1: reward, day 2:
/// reward + bonus, day n: reward + (n − 1) × bonus).
public enum CheckinRules {
    public struct Decision: Sendable, Equatable {
        /// The streak length including today.
        public var streak: Int64
        /// Points for today's check-in.
        public var points: Int64

        public init(streak: Int64, points: Int64) {
            self.streak = streak
            self.points = points
        }
    }

    /// Today's check-in given the last claimed day and its streak; nil when today is already claimed.
    public static func checkin(today: UTCDay, lastDay: UTCDay?, lastStreak: Int64, reward: Int64, streakBonus: Int64) -> Decision? {
        if let lastDay, lastDay >= today { return nil }
        let streak = lastDay == today.adding(days: -1) ? max(lastStreak, 0) + 1 : 1
        return Decision(streak: streak, points: reward + (streak - 1) * streakBonus)
    }
}
