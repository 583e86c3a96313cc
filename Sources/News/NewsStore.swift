import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL of news posts and their views in one tenant schema.
struct NewsStore: Sendable {
    let schema: Identifier

    func insert(_ draft: NewsDraft, _ conn: PostgresConnection) throws -> NewsPost {
        try NewsPost(
            row: conn.query(
                """
                INSERT INTO \(ident: schema).news_posts (section, title, body, image_url, categories, pinned, publish_at)
                VALUES (\(draft.section), \(draft.title), \(draft.body), \(draft.imageURL), \(fragment: textArray(draft.categories)),
                        \(draft.pinned), \(draft.publishAt))
                RETURNING \(unsafeRaw: NewsPost.columns)
                """
            ).first!)
    }

    func update(_ id: Int64, _ draft: NewsDraft, _ conn: PostgresConnection) throws -> NewsPost? {
        try conn.query(
            """
            UPDATE \(ident: schema).news_posts SET section = \(draft.section), title = \(draft.title), body = \(draft.body),
                image_url = \(draft.imageURL), categories = \(fragment: textArray(draft.categories)), pinned = \(draft.pinned),
                publish_at = \(draft.publishAt), updated_at = now()
            WHERE id = \(id)
            RETURNING \(unsafeRaw: NewsPost.columns)
            """
        ).first.map(NewsPost.init(row:))
    }

    func delete(_ id: Int64, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute("DELETE FROM \(ident: schema).news_posts WHERE id = \(id)") == 1
    }

    func find(_ id: Int64, _ conn: PostgresConnection) throws -> NewsPost? {
        try conn.query("SELECT \(unsafeRaw: NewsPost.columns) FROM \(ident: schema).news_posts WHERE id = \(id)").first
            .map(NewsPost.init(row:))
    }

    /// One page of a feed in (pinned, publish_at, id) descending order, plus whether more follow.
    /// `visibleAt` hides posts scheduled after it (end users); nil shows everything (staff).
    func page(
        section: String?, category: String?, visibleAt: Date?, after cursor: NewsCursor?, limit: Int, _ conn: PostgresConnection
    ) throws -> (posts: [NewsPost], more: Bool) {
        var conditions: [SQL] = []
        if let section { conditions.append("section = \(section)") }
        if let category { conditions.append("\(category) = ANY (categories)") }
        if let visibleAt { conditions.append("publish_at <= \(visibleAt)") }
        if let cursor {
            conditions.append(
                """
                (pinned, publish_at, id) < (\(cursor.pinned), timestamptz 'epoch' + \(cursor.publishMicros) * interval '1 microsecond', \
                \(cursor.id))
                """)
        }
        let filter = conditions.isEmpty ? SQL(unsafe: "") : " WHERE " + SQL.join(conditions, separator: " AND ")
        let rows = try conn.query(
            """
            SELECT \(unsafeRaw: NewsPost.columns) FROM \(ident: schema).news_posts\(fragment: filter)
            ORDER BY pinned DESC, publish_at DESC, id DESC LIMIT \(limit + 1)
            """)
        let posts = try rows.map(NewsPost.init(row:))
        return (Array(posts.prefix(limit)), posts.count > limit)
    }

    /// When the next post of `section` scheduled after `now` appears (nil: none is scheduled).
    func nextPublish(section: String, after now: Date, _ conn: PostgresConnection) throws -> Date? {
        try conn.query(
            "SELECT min(publish_at) FROM \(ident: schema).news_posts WHERE section = \(section) AND publish_at > \(now)"
        ).first?.decode(Date?.self, 0)
    }

    /// The published post `id` of `section`, counting this participant's first view of it.
    func view(_ id: Int64, section: String, participantID: Int64, now: Date, _ conn: PostgresConnection) throws -> NewsPost? {
        try conn.transaction { conn in
            let counted = try conn.execute(
                """
                INSERT INTO \(ident: schema).news_views (post_id, participant_id)
                SELECT id, \(participantID) FROM \(ident: schema).news_posts
                WHERE id = \(id) AND section = \(section) AND publish_at <= \(now)
                ON CONFLICT DO NOTHING
                """)
            if counted == 1 {
                try conn.execute("UPDATE \(ident: schema).news_posts SET views = views + 1 WHERE id = \(id)")
            }
            return try conn.query(
                """
                SELECT \(unsafeRaw: NewsPost.columns) FROM \(ident: schema).news_posts
                WHERE id = \(id) AND section = \(section) AND publish_at <= \(now)
                """
            ).first.map(NewsPost.init(row:))
        }
    }
}

/// A `text[]` built from a bound JSON array, so any strings are safe parameters.
func textArray(_ values: [String]) -> SQL {
    let json = JSONValue.array(values.map(JSONValue.string)).description
    return "ARRAY(SELECT jsonb_array_elements_text(\(json)::jsonb))::text[]"
}
