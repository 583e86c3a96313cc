/// Settings of a `ratings` section: leaderboards.
public struct RatingsSettings: Sendable, Equatable {
    /// The leaderboards, at least one.
    public var boards: [Board]
    /// How many participants above and below the viewer are shown around their own row, 0…10
    /// (default 2).
    public var showNeighbours: Int

    public init(boards: [Board], showNeighbours: Int = 2) {
        self.boards = boards
        self.showNeighbours = showNeighbours
    }
}

/// One leaderboard.
public struct Board: Sendable, Equatable {
    /// Unique within the section.
    public var id: String
    /// Display title.
    public var title: LocalizedText
    /// What is counted.
    public var source: BoardSource
    /// Periods offered, in order; the first is the initial one. Non-empty, no repeats.
    public var periods: [RatingPeriod]

    public init(id: String, title: LocalizedText, source: BoardSource, periods: [RatingPeriod] = [.week, .allTime]) {
        self.id = id
        self.title = title
        self.source = source
        self.periods = periods
    }
}

/// What a leaderboard ranks by.
public enum BoardSource: String, Sendable, CaseIterable {
    /// GameFi points.
    case points
    /// Stars spent in the shop.
    case purchases
    /// Friends invited.
    case referrals
}

/// A leaderboard period.
public enum RatingPeriod: String, Sendable, CaseIterable {
    case week, month
    case allTime = "all_time"
}
