import Blueprint
import Kernel
import TesseraJSON

extension NewsArea: Area {
    public init(_ context: AreaContext) { self.init(pool: context.pool) }

    public var name: String { "news" }
    public var liveSectionTypes: Set<SectionType> { [.news] }

    /// Fills the feed's card list with the first page (and a `next` path for the following ones).
    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] {
        try components.map { component in
            guard case .object(var object) = component, object["type"]?.stringValue == "card_list",
                object["source"]?.stringValue == "news.posts"
            else { return component }
            let settings = section.newsSettings ?? NewsSettings()
            let page = try feedPage(call, section: section, settings: settings, limit: settings.pageSize)
            object["items"] = .array(page.posts.map { $0.card(locale: call.locale, showViews: settings.showViews) })
            object["next"] = page.nextPath.map(JSONValue.string) ?? .null
            return .object(object)
        }
    }
}
