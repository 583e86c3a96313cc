import Blueprint
import Foundation
import Kernel
import Postgres

/// Demo posts for `tessera tenant seed`: `title`, `body` (sanitised like staff HTML), `image`
/// (an https:// URL or `/media/<file>`), `categories` the section declares, `pinned`,
/// `published_days_ago`, and `viewed_by` (demo participants, so view counts are real).
public struct NewsDemoSeeder: DemoSeeding {
    public init() {}

    public var sectionType: SectionType { .news }
    public var kind: String { "news" }

    public func seed(_ item: DemoItem, section: Section, context: DemoContext, _ conn: PostgresConnection) throws -> Int64 {
        let title = try item.string("title")
        let body = RichText.sanitize(try item.optionalString("body", max: NewsDraft.maxBody) ?? "")
        let image = try item.optionalString("image", max: 2_000)
        if let image, !(MediaPath.isValid(image) || URLRules.isAllowed(image, telegram: false)) {
            throw DemoError(item.pointer + "/image", "expected an https:// URL or /media/<file>")
        }
        let categories = try item.strings("categories")
        let declared = section.newsSettings?.categories.map(\.id) ?? []
        for (i, category) in categories.enumerated() where !declared.contains(category) {
            throw DemoError(
                item.pointer + "/categories/\(i)",
                declared.isEmpty
                    ? "section \"\(section.id)\" declares no categories"
                    : "unknown category \"\(category)\"; expected one of \(declared.joined(separator: ", "))")
        }
        let daysAgo = try item.optionalInt("published_days_ago", 0...3_650) ?? 0
        // Whole seconds, like staff posts.
        let publishAt = Date(timeIntervalSince1970: (context.now.timeIntervalSince1970 - Double(daysAgo) * 86_400).rounded(.down))
        let draft = NewsDraft(
            section: section.id, title: title, body: body, imageURL: image, categories: categories,
            pinned: try item.bool("pinned"), publishAt: publishAt)
        let store = NewsStore(schema: context.schema)
        let post = try store.insert(draft, conn)
        for viewer in try context.participantIDs(item, "viewed_by") {
            _ = try store.view(post.id, section: section.id, participantID: viewer, now: context.now, conn)
        }
        return post.id
    }
}
