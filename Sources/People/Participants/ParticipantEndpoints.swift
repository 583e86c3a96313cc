import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

extension PeopleArea {
    /// Staff routes over participants: list, search, filters, profile, timeline, tags, notes, export.
    var participantEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/participants", .read(.people), listParticipants),
            .staff(.GET, "/admin/api/v1/{tenant}/participants/export.csv", .export(.people), exportParticipants),
            .staff(.GET, "/admin/api/v1/{tenant}/participants/{participant}", .read(.people), showParticipant),
            .staff(
                .GET, "/admin/api/v1/{tenant}/participants/{participant}/timeline", .read(.people), participantTimeline),
            .staff(.POST, "/admin/api/v1/{tenant}/participants/{participant}/tags/{tag}", .write(.people), addTag),
            .staff(.DELETE, "/admin/api/v1/{tenant}/participants/{participant}/tags/{tag}", .write(.people), removeTag),
            .staff(.POST, "/admin/api/v1/{tenant}/participants/{participant}/notes", .write(.people), addNote),
        ]
    }

    static let participantNotFound = AreaError.notFound(code: "participant_not_found", message: "no such participant")
    /// At most this many tags per participant (each blueprint condition reads them all).
    static let maxTags = 100
    static let timelineLimits = (default: 50, max: 200)
    static let exportBatch = 10_000

    func listParticipants(_ call: StaffCall) throws -> HTTPResponse {
        let query = try ParticipantQuery.parse(call.request.queryItems)
        let directory = ParticipantDirectory(schema: call.tenant.schema)
        let rows = try pool.withConnection { conn in
            try directory.page(
                columns: ParticipantDirectory.jsonColumns, filter: query.filter, sort: query.sort, after: query.cursor,
                limit: query.limit + 1, conn)
        }
        let shown = Array(rows.prefix(query.limit))
        let next =
            rows.count > query.limit
            ? try ParticipantDirectory.cursor(
                after: shown.last!, columnCount: ParticipantDirectory.jsonColumnCount, sort: query.sort)
            : nil
        return Reply.json([
            "participants": .array(try shown.map { .object(try ParticipantDirectory.json($0)) }),
            "next_cursor": next.map { .string($0.encoded) } ?? .null,
        ])
    }

    /// The CSV export: the list's filters, every matching participant in id order, streamed in
    /// keyset batches so memory stays flat however many rows there are.
    func exportParticipants(_ call: StaffCall) throws -> HTTPResponse {
        let query = try ParticipantQuery.parse(call.request.queryItems, paged: false)
        let directory = ParticipantDirectory(schema: call.tenant.schema)
        let pool = self.pool
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/csv; charset=utf-8")
        headers.add(
            name: "Content-Disposition", value: "attachment; filename=\"participants-\(call.tenant.slug.rawValue).csv\""
        )
        headers.add(name: "Cache-Control", value: "private, no-store")
        return .streaming(
            headers: headers,
            HTTPBodyStream { writer in
                var out = CSVWriter.byteOrderMark
                CSVWriter.appendRecord(ParticipantExport.header, to: &out)
                try writer.write(out)
                var cursor: ParticipantCursor?
                while true {
                    let rows = try pool.withConnection { conn in
                        try directory.page(
                            columns: ParticipantExport.columns, filter: query.filter, sort: .id, after: cursor,
                            limit: Self.exportBatch,
                            conn)
                    }
                    out.removeAll(keepingCapacity: true)
                    for row in rows {
                        CSVWriter.appendRecord(count: ParticipantExport.header.count, to: &out) { row.text($0) }
                    }
                    try writer.write(out)
                    guard rows.count == Self.exportBatch else { return }
                    let last = rows[rows.count - 1]
                    cursor = ParticipantCursor(
                        sort: .id, key: .none, id: try last.decode(Int64.self, ParticipantExport.header.count + 1))
                }
            })
    }

    func showParticipant(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: Self.participantNotFound)
        let profile = try pool.withConnection { conn in
            try ParticipantProfile(schema: call.tenant.schema).load(id, conn)
        }
        guard let profile else { throw Self.participantNotFound }
        return Reply.json(["participant": .object(profile)])
    }

    func participantTimeline(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: Self.participantNotFound)
        var problems: [FieldProblem] = []
        var cursor: ParticipantTimeline.Cursor?
        var limit = Self.timelineLimits.default
        for (name, value) in call.request.queryItems {
            switch name {
            case "cursor":
                if let parsed = ParticipantTimeline.Cursor(value) {
                    cursor = parsed
                } else {
                    problems.append(FieldProblem("cursor", "not a cursor this API issued"))
                }
            case "limit":
                if let n = Int(value), (1...Self.timelineLimits.max).contains(n) {
                    limit = n
                } else {
                    problems.append(FieldProblem("limit", "expected an integer from 1 to \(Self.timelineLimits.max)"))
                }
            default: problems.append(FieldProblem(name, "unknown parameter; expected one of cursor, limit"))
            }
        }
        if !problems.isEmpty { throw AreaError.validation(problems) }
        let schema = call.tenant.schema
        let page = try pool.withConnection { conn -> (items: [JSONValue], next: ParticipantTimeline.Cursor?)? in
            guard try conn.query("SELECT 1 FROM \(ident: schema).participants WHERE id = \(id)").first != nil else {
                return nil
            }
            return try ParticipantTimeline(schema: schema).page(participant: id, after: cursor, limit: limit, conn)
        }
        guard let page else { throw Self.participantNotFound }
        return Reply.json(["items": .array(page.items), "next_cursor": page.next.map { .string($0.encoded) } ?? .null])
    }

    /// Adds a tag; adding one the participant has changes nothing and answers the same.
    func addTag(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let (id, tag) = try tagTarget(call)
        let schema = call.tenant.schema
        let tags = try pool.transaction { conn -> [String]? in
            guard
                let row = try conn.query(
                    "SELECT array_to_json(tags)::text FROM \(ident: schema).participants WHERE id = \(id) FOR UPDATE"
                ).first
            else { return nil }
            let tags = Self.tagList(try row.decode(String.self, 0))
            if tags.contains(tag) { return tags }
            guard tags.count < Self.maxTags else {
                throw AreaError.conflict(
                    code: "too_many_tags", message: "a participant has at most \(Self.maxTags) tags; remove one first")
            }
            try conn.execute(
                "UPDATE \(ident: schema).participants SET tags = array_append(tags, \(tag)) WHERE id = \(id)")
            return tags + [tag]
        }
        guard let tags else { throw Self.participantNotFound }
        return Reply.json(["participant_id": .int(id), "tags": .array(tags.map(JSONValue.string))])
    }

    /// Removes a tag; removing one the participant lacks changes nothing and answers the same.
    func removeTag(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let (id, tag) = try tagTarget(call)
        let row = try pool.query(
            """
            UPDATE \(ident: call.tenant.schema).participants SET tags = array_remove(tags, \(tag)) WHERE id = \(id)
            RETURNING array_to_json(tags)::text
            """
        ).first
        guard let row else { throw Self.participantNotFound }
        return Reply.json([
            "participant_id": .int(id),
            "tags": .array(Self.tagList(try row.decode(String.self, 0)).map(JSONValue.string)),
        ])
    }

    private func tagTarget(_ call: StaffCall) throws -> (Int64, String) {
        let id = try pathID(call.params["participant"], notFound: Self.participantNotFound)
        let tag = call.params["tag"] ?? ""
        guard ParticipantTag.isValid(tag) else { throw AreaError.invalid("tag", "expected \(ParticipantTag.expected)") }
        return (id, tag)
    }

    static func tagList(_ json: String) -> [String] {
        (try? JSONParser.parse(Array(json.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Appends a staff note: `{"text": "…"}` (1–4,000 characters, stored as written).
    func addNote(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: Self.participantNotFound)
        var body = try BodyReader(call.request, allowed: ["text"])
        let text = body.string("text", max: 4_000)
        if text == nil && !body.problems.contains(where: { $0.field == "text" }) { body.fail("text", "required") }
        try body.finish()
        guard let text else { throw AreaError.invalid("text", "required") }
        let schema = call.tenant.schema
        let author: (kind: String, id: Int64) =
            switch call.staff.actor {
            case .token(let id): ("token", id)
            case .person(let id): ("person", id)
            }
        let row = try pool.query(
            """
            INSERT INTO \(ident: schema).participant_notes (participant_id, author_kind, author_id, author_name, text)
            SELECT id, \(author.kind), \(author.id), \(call.staff.name), \(text) FROM \(ident: schema).participants WHERE id = \(id)
            RETURNING \(unsafeRaw: ParticipantProfile.noteColumns)
            """
        ).first
        guard let row else { throw Self.participantNotFound }
        return Reply.json(["note": try ParticipantProfile.note(row)], status: 201)
    }
}
