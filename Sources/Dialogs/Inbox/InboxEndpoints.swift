import Foundation
import HTTP
import Kernel
import TesseraJSON

extension DialogsArea {
    /// The inbox: conversations with filters and keyset cursors, one conversation, its messages,
    /// state and assignee changes, marking read.
    var inboxEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/dialogs", .read(.dialogs), listConversations),
            .staff(.GET, "/admin/api/v1/{tenant}/dialogs/{conversation}", .read(.dialogs), showConversation),
            .staff(.PATCH, "/admin/api/v1/{tenant}/dialogs/{conversation}", .write(.dialogs), updateConversation),
            .staff(.POST, "/admin/api/v1/{tenant}/dialogs/{conversation}/read", .write(.dialogs), markRead),
            .staff(.GET, "/admin/api/v1/{tenant}/dialogs/{conversation}/messages", .read(.dialogs), listMessages),
        ]
    }

    static let messagePage = (default: 50, max: 200)

    func listConversations(_ call: StaffCall) throws -> HTTPResponse {
        let query = try InboxQuery({ call.request.queryValue($0) }, me: call.staff.actor.reference)
        let page = try pool.withConnection { try ConversationStore(schema: call.tenant.schema).list(query, $0) }
        return Reply.json([
            "conversations": .array(page.rows.map(\.json)), "next_cursor": page.next.map(JSONValue.string) ?? .null,
        ])
    }

    func conversationID(_ call: StaffCall) throws -> Int64 {
        try pathID(call.params["conversation"], notFound: ConversationStore.notFound)
    }

    func showConversation(_ call: StaffCall) throws -> HTTPResponse {
        let id = try conversationID(call)
        guard let row = try pool.withConnection({ try ConversationStore(schema: call.tenant.schema).conversation(id, $0) })
        else { throw ConversationStore.notFound }
        return Reply.json(["conversation": row.json])
    }

    /// `{"state": "open"|"pending"|"closed", "assignee": "me"|"staff_person:<id>"|"staff_token:<id>"|null}`.
    func updateConversation(_ call: StaffCall) throws -> HTTPResponse {
        let id = try conversationID(call)
        var body = try BodyReader(call.request, allowed: ["state", "assignee"], patch: true)
        var state: String?
        if body.has("state") {
            if let raw = body.string("state", max: 20) {
                if InboxQuery.states.contains(raw) { state = raw } else {
                    body.fail("state", "expected one of \(InboxQuery.states.joined(separator: ", "))")
                }
            } else if body.isNull("state") {
                body.fail("state", "expected one of \(InboxQuery.states.joined(separator: ", "))")
            }
        }
        var assignee: String??
        if body.isNull("assignee") {
            assignee = .some(nil)
        } else if body.has("assignee"), let raw = body.string("assignee", max: 40) {
            if raw == "me" {
                assignee = .some(call.staff.actor.reference)
            } else if InboxQuery.isActorReference(raw) {
                assignee = .some(raw)
            } else {
                body.fail("assignee", "expected me, staff_person:<id>, staff_token:<id> or null")
            }
        }
        try body.finish()
        let store = ConversationStore(schema: call.tenant.schema)
        let tenantID = call.tenant.id
        let me = call.staff.actor.reference
        let row = try pool.transaction { conn -> ConversationRow? in
            // The caller may write dialogs (the route says so); anyone else must be such staff here.
            if case .some(.some(let actor)) = assignee, actor != me,
                try !AssigneeStore().mayAnswer(actor, tenantID: tenantID, conn)
            {
                throw AreaError.invalid("assignee", "\(actor) is not staff of this project who may answer dialogs")
            }
            guard try store.update(id, state: state, assignee: assignee, conn) else { return nil }
            if state != nil { try ForumQueue(schema: call.tenant.schema).stateChanged(conversation: id, conn) }
            return try store.conversation(id, conn)
        }
        guard let row else { throw ConversationStore.notFound }
        return Reply.json(["conversation": row.json])
    }

    func markRead(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try conversationID(call)
        let store = ConversationStore(schema: call.tenant.schema)
        let row = try pool.transaction { conn -> ConversationRow? in
            guard try store.markRead(id, conn) else { return nil }
            return try store.conversation(id, conn)
        }
        guard let row else { throw ConversationStore.notFound }
        return Reply.json(["conversation": row.json])
    }

    /// Newest first; `cursor` is the `next_cursor` of the previous page (a message id).
    func listMessages(_ call: StaffCall) throws -> HTTPResponse {
        let id = try conversationID(call)
        let request = call.request
        let limit = try limitParameter(
            request.queryValue("limit"), default: Self.messagePage.default, max: Self.messagePage.max)
        var before: Int64?
        if let cursor = request.queryValue("cursor") {
            guard let parsed = Int64(cursor), parsed > 0 else {
                throw AreaError.invalid("cursor", "expected the next_cursor of a previous page")
            }
            before = parsed
        }
        let store = ConversationStore(schema: call.tenant.schema)
        let messages = try pool.withConnection { conn -> [MessageRow]? in
            guard let participant = try store.participant(ofConversation: id, lock: false, conn) else { return nil }
            return try store.messages(participant: participant, before: before, limit: limit + 1, conn)
        }
        guard var messages else { throw ConversationStore.notFound }
        let more = messages.count > limit
        if more { messages.removeLast() }
        return Reply.json([
            "messages": .array(messages.map(\.json)),
            "next_cursor": more ? .string(String(messages.last!.id)) : .null,
        ])
    }
}
