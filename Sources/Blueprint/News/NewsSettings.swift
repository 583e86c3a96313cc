/// Settings of a `news` section: a feed of posts.
public struct NewsSettings: Sendable, Equatable {
    /// Posts per page, 1…100 (default 10).
    public var pageSize: Int
    /// Optional filters shown above the feed.
    public var categories: [SectionCategory]
    /// Whether post view counts are shown (default true).
    public var showViews: Bool
    /// Feed layout (default list).
    public var layout: NewsLayout

    public init(pageSize: Int = 10, categories: [SectionCategory] = [], showViews: Bool = true, layout: NewsLayout = .list) {
        self.pageSize = pageSize
        self.categories = categories
        self.showViews = showViews
        self.layout = layout
    }
}

/// How a news feed is laid out.
public enum NewsLayout: String, Sendable, CaseIterable {
    /// Compact rows.
    case list
    /// Large cards with cover images.
    case cards
}
