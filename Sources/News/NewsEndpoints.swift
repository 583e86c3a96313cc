import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

/// News: the feed and posts for end users, post management for staff.
public struct NewsArea: Sendable {
    let pool: PostgresPool
    /// Page size of staff listings when `limit` is not given, and its bound.
    static let staffPage = (default: 20, max: 100)
    /// The feed's page is the section's `page_size` (1…100) unless `limit` asks for another, up to 100.
    static let feedMaxLimit = 100

    public init(pool: PostgresPool) { self.pool = pool }

    public var endpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/posts", feed),
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/posts/{post}", post),
            .staff(.GET, "/admin/api/v1/{tenant}/news", .read(.content), list),
            .staff(.POST, "/admin/api/v1/{tenant}/news", .write(.content), create),
            .staff(.GET, "/admin/api/v1/{tenant}/news/{post}", .read(.content), show),
            .staff(.PATCH, "/admin/api/v1/{tenant}/news/{post}", .write(.content), update),
            .staff(.DELETE, "/admin/api/v1/{tenant}/news/{post}", .delete(.content), delete),
        ]
    }

    static let postNotFound = AreaError.notFound(code: "post_not_found", message: "no such post")

    // MARK: end users

    /// A page of the feed: only published posts, newest first with pinned ones on top.
    func feed(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .news)
        let settings = section.newsSettings ?? NewsSettings()
        let limit = try limitParameter(call.request.queryValue("limit"), default: settings.pageSize, max: Self.feedMaxLimit)
        let page = try feedPage(call, section: section, settings: settings, limit: limit)
        var o: JSONObject = ["posts": .array(page.posts.map { $0.json(now: call.now, showViews: settings.showViews) })]
        o["items"] = .array(page.posts.map { $0.card(locale: call.locale, showViews: settings.showViews) })
        o["next_cursor"] = page.next.map(JSONValue.string) ?? .null
        o["next"] = page.nextPath.map(JSONValue.string) ?? .null
        return Reply.json(.object(o))
    }

    struct FeedPage {
        var posts: [NewsPost]
        var next: String?
        var nextPath: String?
    }

    /// The page after the request's `cursor` (if any), filtered by its `category` (if any).
    func feedPage(_ call: ParticipantCall, section: Section, settings: NewsSettings, limit: Int) throws -> FeedPage {
        var cursor: NewsCursor?
        if let raw = call.request.queryValue("cursor") {
            guard let parsed = NewsCursor(raw) else { throw AreaError.invalid("cursor", "not a cursor this API issued") }
            cursor = parsed
        }
        let category = call.request.queryValue("category")
        if let category, !settings.categories.contains(where: { $0.id == category }) {
            throw AreaError.invalid("category", "section \"\(section.id)\" has no category \"\(category)\"")
        }
        let store = NewsStore(schema: call.tenant.schema)
        let (posts, more) = try pool.withConnection { conn in
            try store.page(section: section.id, category: category, visibleAt: call.now, after: cursor, limit: limit, conn)
        }
        guard more, let last = posts.last else { return FeedPage(posts: posts, next: nil, nextPath: nil) }
        let next = last.cursor.encoded
        var path = "/api/v1/{tenant}/sections/\(section.id)/posts?cursor=\(next)&limit=\(limit)"
        if let category { path += "&category=\(category)" }
        return FeedPage(posts: posts, next: next, nextPath: path)
    }

    /// One published post with its screen; the caller's first view of it is counted.
    func post(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .news)
        let settings = section.newsSettings ?? NewsSettings()
        let id = try pathID(call.params["post"], notFound: Self.postNotFound)
        let store = NewsStore(schema: call.tenant.schema)
        guard
            let post = try pool.withConnection({ conn in
                try store.view(id, section: section.id, participantID: call.participantID, now: call.now, conn)
            })
        else { throw Self.postNotFound }
        var components: [JSONValue] = [
            ["type": "header", "text": .string(post.title), "subtitle": .string(Formats.date(post.publishAt, locale: call.locale))]
        ]
        if let image = post.imageURL { components.append(["type": "image", "url": .string(image), "alt": .string(post.title)]) }
        components.append(["type": "rich_text", "html": .string(post.body)])
        if settings.showViews {
            components.append(["type": "text", "text": .string(NewsTexts.views.text(call.locale, n: post.views)), "style": "caption"])
        }
        let screen: JSONValue = [
            "id": .string(section.id), "type": "news", "title": .string(post.title), "components": .array(components),
        ]
        return Reply.json(["post": post.json(now: call.now, showViews: settings.showViews), "screen": screen])
    }

    // MARK: staff

    func list(_ call: StaffCall) throws -> HTTPResponse {
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.staffPage.default, max: Self.staffPage.max)
        var cursor: NewsCursor?
        if let raw = call.request.queryValue("cursor") {
            guard let parsed = NewsCursor(raw) else { throw AreaError.invalid("cursor", "not a cursor this API issued") }
            cursor = parsed
        }
        let section = call.request.queryValue("section")
        let store = NewsStore(schema: call.tenant.schema)
        let (posts, more) = try pool.withConnection { conn in
            try store.page(section: section, category: call.request.queryValue("category"), visibleAt: nil, after: cursor, limit: limit, conn)
        }
        return Reply.json([
            "posts": .array(posts.map { $0.json(now: call.now, staff: true) }),
            "next_cursor": more ? (posts.last.map { .string($0.cursor.encoded) } ?? .null) : .null,
        ])
    }

    func create(_ call: StaffCall) throws -> HTTPResponse {
        let draft = try NewsDraft.create(call.request, blueprint: call.tenant.blueprint, now: call.now)
        let store = NewsStore(schema: call.tenant.schema)
        let post = try pool.withConnection { try store.insert(draft, $0) }
        var response = Reply.json(["post": post.json(now: call.now, staff: true)], status: 201)
        response.headers.add(name: "Location", value: "/admin/api/v1/\(call.tenant.slug.rawValue)/news/\(post.id)")
        return response
    }

    func show(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["post"], notFound: Self.postNotFound)
        let store = NewsStore(schema: call.tenant.schema)
        guard let post = try pool.withConnection({ try store.find(id, $0) }) else { throw Self.postNotFound }
        return Reply.json(["post": post.json(now: call.now, staff: true)])
    }

    func update(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["post"], notFound: Self.postNotFound)
        let store = NewsStore(schema: call.tenant.schema)
        let post = try pool.transaction { conn -> NewsPost in
            guard let existing = try store.find(id, conn) else { throw Self.postNotFound }
            let draft = try NewsDraft(existing).patched(call.request, blueprint: call.tenant.blueprint)
            guard let updated = try store.update(id, draft, conn) else { throw Self.postNotFound }
            return updated
        }
        return Reply.json(["post": post.json(now: call.now, staff: true)])
    }

    func delete(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["post"], notFound: Self.postNotFound)
        let store = NewsStore(schema: call.tenant.schema)
        guard try pool.withConnection({ try store.delete(id, $0) }) else { throw Self.postNotFound }
        return Reply.noContent()
    }
}
