import Blueprint
import Foundation
import HTTP
import Kernel

/// The editable fields of a post, validated against the live blueprint before anything is written.
struct NewsDraft: Sendable, Equatable {
    var section: String
    var title: String
    var body: String
    var imageURL: String?
    var categories: [String]
    var pinned: Bool
    var publishAt: Date

    static let fields = ["section", "title", "body", "image_url", "categories", "pinned", "publish_at"]
    static let maxBody = 50_000

    init(section: String, title: String, body: String, imageURL: String?, categories: [String], pinned: Bool, publishAt: Date) {
        self.section = section
        self.title = title
        self.body = body
        self.imageURL = imageURL
        self.categories = categories
        self.pinned = pinned
        self.publishAt = publishAt
    }

    init(_ post: NewsPost) {
        self.init(
            section: post.section, title: post.title, body: post.body, imageURL: post.imageURL, categories: post.categories,
            pinned: post.pinned, publishAt: post.publishAt)
    }

    /// A new post from a POST body; `publish_at` defaults to now.
    static func create(_ request: HTTPRequest, blueprint: Blueprint, now: Date) throws(AreaError) -> NewsDraft {
        var reader = try BodyReader(request, allowed: fields)
        let sectionID = reader.string("section", max: 40)
        if !reader.has("title") { reader.fail("title", "required") }
        // Whole seconds, so the stored instant is never a rounding error past the request's clock.
        let publishAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let draft = NewsDraft(section: "", title: "", body: "", imageURL: nil, categories: [], pinned: false, publishAt: publishAt)
        return try draft.applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    /// This draft changed by a PATCH body; absent fields stay, `null` clears optional ones.
    func patched(_ request: HTTPRequest, blueprint: Blueprint) throws(AreaError) -> NewsDraft {
        var reader = try BodyReader(request, allowed: Self.fields, patch: true)
        let sectionID = reader.has("section") ? reader.string("section", max: 40) : section
        return try applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    private func applying(_ reader: inout BodyReader, sectionID: String?, blueprint: Blueprint) throws(AreaError) -> NewsDraft {
        var draft = self
        var settings: NewsSettings?
        do {
            let section = try SectionLookup.forStaff(sectionID, type: .news, in: blueprint)
            draft.section = section.id
            settings = section.newsSettings
        } catch {
            if case .validation(let problems) = error { for p in problems { reader.fail(p.field, p.message) } }
        }
        if reader.has("title") {
            if reader.isNull("title") { reader.fail("title", "must not be null") }
            if let title = reader.string("title", max: 200) { draft.title = title }
        }
        if reader.has("body") {
            let raw = reader.string("body", max: Self.maxBody, allowEmpty: true) ?? ""
            draft.body = RichText.sanitize(raw)
        }
        if reader.has("image_url") { draft.imageURL = reader.imageURL("image_url") }
        if reader.has("categories") {
            let categories = reader.stringArray("categories", maxCount: 20) ?? []
            draft.categories = categories
        }
        if let settings {
            let declared = settings.categories.map(\.id)
            for category in draft.categories where !declared.contains(category) {
                reader.fail(
                    "categories",
                    declared.isEmpty
                        ? "section \"\(draft.section)\" declares no categories"
                        : "unknown category \"\(category)\"; expected one of \(declared.joined(separator: ", "))")
            }
        }
        if reader.has("pinned") { draft.pinned = reader.bool("pinned") ?? false }
        if reader.has("publish_at") {
            if reader.isNull("publish_at") { reader.fail("publish_at", "must not be null") }
            if let date = reader.instant("publish_at") { draft.publishAt = date }
        }
        try reader.finish()
        return draft
    }
}
