extension Validator {
    func readNewsSettings(_ field: Field) -> NewsSettings? {
        guard let reader = object(field, kind: "news_settings") else { return nil }
        return NewsSettings(
            pageSize: reader.int("page_size", 1...100, default: 10),
            categories: reader["categories"].map(readCategories) ?? [],
            showViews: reader.bool("show_views", default: true),
            layout: reader.choice("layout", NewsLayout.self, subject: "news layout", default: .list))
    }
}
