import Blueprint
import Kernel
import TesseraJSON

extension NewsArea: Area {
    public init(_ context: AreaContext) { self.init(pool: context.pool) }

    public var name: String { "news" }
    public var liveSectionTypes: Set<SectionType> { [.news] }

    /// The feed is the same for every caller who sees the section: its first page is cached until
    /// the next post is due.
    public func fillShared(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> SharedFill? {
        let filled = try fill(components, section: section, call: call)
        let next = try pool.withConnection { try NewsStore(schema: call.tenant.schema).nextPublish(section: section.id, after: call.now, $0) }
        return SharedFill(components: filled, changesAt: next)
    }

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
