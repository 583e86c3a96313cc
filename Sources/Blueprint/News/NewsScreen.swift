extension ScreenBuilder {
    /// The feed: a card list of `news.posts` (cards layout → `grid`), with category filters.
    mutating func addNews(_ settings: NewsSettings) {
        add(Component.cardList(
            id: "\(section.id)-posts", source: "news.posts", layout: settings.layout == .cards ? "grid" : "list",
            pageSize: settings.pageSize, filters: filters(settings.categories, list: "posts"),
            empty: Component.emptyState(title: builtin(.noPosts), text: builtin(.noPostsText), icon: section.icon ?? "newspaper")))
    }
}
