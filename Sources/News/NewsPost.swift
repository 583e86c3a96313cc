import Foundation
import Kernel
import Postgres
import TesseraJSON

/// A news post as stored: the body is already sanitised HTML.
public struct NewsPost: Sendable, Equatable {
    public var id: Int64
    public var section: String
    public var title: String
    public var body: String
    public var imageURL: String?
    public var categories: [String]
    public var pinned: Bool
    public var publishAt: Date
    public var views: Int64
    public var createdAt: Date
    public var updatedAt: Date
    /// `publish_at` in microseconds since the epoch, exactly as stored (the cursor's key).
    var publishMicros: Int64

    static let columns = """
        id, section, title, body, image_url, array_to_json(categories)::text, pinned, publish_at, views, created_at, \
        updated_at, (extract(epoch FROM publish_at) * 1000000)::bigint
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, 0)
        section = try row.decode(String.self, 1)
        title = try row.decode(String.self, 2)
        body = try row.decode(String.self, 3)
        imageURL = try row.decode(String?.self, 4)
        categories = (try? JSONParser.parse(Array(try row.decode(String.self, 5).utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
        pinned = try row.decode(Bool.self, 6)
        publishAt = try row.decode(Date.self, 7)
        views = try row.decode(Int64.self, 8)
        createdAt = try row.decode(Date.self, 9)
        updatedAt = try row.decode(Date.self, 10)
        publishMicros = try row.decode(Int64.self, 11)
    }

    var cursor: NewsCursor { NewsCursor(pinned: pinned, publishMicros: publishMicros, id: id) }

    /// The API form. `showViews: false` leaves the count out (the section hides it).
    func json(now: Date, showViews: Bool = true, staff: Bool = false) -> JSONValue {
        var o: JSONObject = [
            "id": .int(id), "section": .string(section), "title": .string(title), "body": .string(body),
            "excerpt": .string(RichText.excerpt(body)),
            "image_url": imageURL.map(JSONValue.string) ?? .null,
            "categories": .array(categories.map(JSONValue.string)), "pinned": .bool(pinned),
            "publish_at": .string(Instant.format(publishAt)),
        ]
        if showViews { o["views"] = .int(views) }
        if staff {
            o["status"] = .string(publishAt > now ? "scheduled" : "published")
            o["created_at"] = .string(Instant.format(createdAt))
            o["updated_at"] = .string(Instant.format(updatedAt))
        }
        return .object(o)
    }

    /// The card shown in the feed; it opens the post's own screen.
    func card(locale: String, showViews: Bool) -> JSONValue {
        var o: JSONObject = ["id": .string("post-\(id)"), "title": .string(title)]
        let excerpt = RichText.excerpt(body, limit: 120)
        if !excerpt.isEmpty { o["subtitle"] = .string(excerpt) }
        if let imageURL { o["image"] = .string(imageURL) }
        if pinned {
            o["badge"] = .string("📌")
        } else if showViews {
            o["badge"] = .string("👁 \(views)")
        }
        o["action"] = ["kind": "open_detail", "section": .string(section), "detail": .string("posts/\(id)")]
        return .object(o)
    }
}

/// Where the next page of a feed starts: after (pinned, publish_at, id) in descending order.
/// Opaque to clients: base64url of `n1:<pinned 0|1>:<publish_at µs>:<id>`.
struct NewsCursor: Sendable, Equatable {
    var pinned: Bool
    var publishMicros: Int64
    var id: Int64

    var encoded: String {
        Base64URLText.encode("n1:\(pinned ? 1 : 0):\(publishMicros):\(id)")
    }

    init(pinned: Bool, publishMicros: Int64, id: Int64) {
        self.pinned = pinned
        self.publishMicros = publishMicros
        self.id = id
    }

    init?(_ encoded: String) {
        guard encoded.utf8.count <= 100, let text = Base64URLText.decode(encoded) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "n1", parts[1] == "0" || parts[1] == "1", let micros = Int64(parts[2]),
            let id = Int64(parts[3]), id > 0
        else { return nil }
        self.init(pinned: parts[1] == "1", publishMicros: micros, id: id)
    }
}
