/// Settings of a `gamefi` section: points, quests, referrals and the tap game.
public struct GameFiSettings: Sendable, Equatable {
    /// What points are called ("Beans", "Очки").
    public var pointsName: LocalizedText
    /// Quests participants complete for points.
    public var quests: [Quest]
    /// Points for each invited friend who opens the app (0 = no referral programme).
    public var referralReward: Int
    /// The tap game.
    public var tap: TapSettings

    public init(pointsName: LocalizedText, quests: [Quest] = [], referralReward: Int = 0, tap: TapSettings = TapSettings()) {
        self.pointsName = pointsName
        self.quests = quests
        self.referralReward = referralReward
        self.tap = tap
    }
}

/// A quest: a task with a point reward.
public struct Quest: Sendable, Equatable {
    /// Unique within the section.
    public var id: String
    /// Display title; a built-in one is derived from the kind when absent.
    public var title: LocalizedText?
    /// The task and its parameters.
    public var kind: QuestKind
    /// Points awarded, ≥ 1.
    public var reward: Int

    public init(id: String, title: LocalizedText? = nil, kind: QuestKind, reward: Int) {
        self.id = id
        self.title = title
        self.kind = kind
        self.reward = reward
    }
}

/// The quest task with its kind-specific parameters.
public enum QuestKind: Sendable, Equatable {
    /// Open the app once a day; `streakBonus` extra points per consecutive day (≥ 0).
    case dailyCheckin(streakBonus: Int)
    /// Open another section.
    case openSection(section: String)
    /// Subscribe to a Telegram channel (`@username`).
    case subscribeChannel(channel: String)
    /// Invite `count` friends.
    case inviteFriends(count: Int)
    /// Make `count` purchases in the shop.
    case purchases(count: Int)

    /// The JSON `kind` value.
    public var name: QuestKindName {
        switch self {
        case .dailyCheckin: .dailyCheckin
        case .openSection: .openSection
        case .subscribeChannel: .subscribeChannel
        case .inviteFriends: .inviteFriends
        case .purchases: .purchases
        }
    }
}

/// The JSON `kind` values of a quest.
public enum QuestKindName: String, Sendable, CaseIterable {
    case dailyCheckin = "daily_checkin"
    case openSection = "open_section"
    case subscribeChannel = "subscribe_channel"
    case inviteFriends = "invite_friends"
    case purchases
}

/// The tap game (`"tap"`): tapping spends energy and earns points.
public struct TapSettings: Sendable, Equatable {
    /// Whether the tap game is shown (default false).
    public var enabled: Bool
    /// Energy when full, 1…100 000 (default 500).
    public var energyMax: Int
    /// Energy restored per minute, 1…10 000 (default 30).
    public var energyRegenPerMinute: Int
    /// Server-enforced tap rate limit, 1…30 (default 10).
    public var maxTapsPerSecond: Int
    /// Points per tap, 1…1 000 (default 1).
    public var pointsPerTap: Int

    public init(enabled: Bool = false, energyMax: Int = 500, energyRegenPerMinute: Int = 30, maxTapsPerSecond: Int = 10, pointsPerTap: Int = 1) {
        self.enabled = enabled
        self.energyMax = energyMax
        self.energyRegenPerMinute = energyRegenPerMinute
        self.maxTapsPerSecond = maxTapsPerSecond
        self.pointsPerTap = pointsPerTap
    }
}
