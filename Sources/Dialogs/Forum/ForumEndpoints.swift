import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import TesseraJSON

extension DialogsArea {
    /// The staff forum group: which supergroup it is, its state, linking and unlinking.
    ///
    /// Reading is `.read(.dialogs)` (whoever reads dialogs may see where they are mirrored);
    /// changing it is `.write(.staff)`, which only owners hold: linking decides which Telegram
    /// group — and so which people outside the back office's own accounts — sees every
    /// customer's messages, a decision about staff and access rather than about one dialog.
    var forumEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/dialog-forum", .read(.dialogs), showForum),
            .staff(.PUT, "/admin/api/v1/{tenant}/dialog-forum", .write(.staff), linkForum),
            .staff(.DELETE, "/admin/api/v1/{tenant}/dialog-forum", .write(.staff), unlinkForum),
        ]
    }

    /// `{"forum": {…}}`, or `{"forum": null}` when no group is linked.
    func showForum(_ call: StaffCall) throws -> HTTPResponse {
        try forumReply(call.tenant.schema)
    }

    /// `{"chat_id": -100…}`: checks with Telegram that the chat is a supergroup with topics and
    /// that the bot administers it with the right to manage topics (a 422 naming which is not so),
    /// then links it; conversations get their topics there as they need them.
    func linkForum(_ call: StaffCall) throws -> HTTPResponse {
        var body = try BodyReader(call.request, allowed: ["chat_id"])
        var chatID: Int64?
        if let value = body.object["chat_id"], !value.isNull {
            if let id = value.integerValue, id < 0 { chatID = id } else {
                body.fail("chat_id", "expected the supergroup's id, a negative integer such as -1001234567890")
            }
        }
        chatID = body.require("chat_id", chatID)
        try body.finish()
        guard let chatID else { throw AreaError.invalid("chat_id", "required") }
        let tenant = call.tenant
        let bot = TelegramBot(token: tenant.botToken.value, client: botAPI.with(retryPolicy: .none, timeout: 10))
        let title = try ForumLinkError.verify(chatID, bot: bot, botID: tenant.botToken.botID)
        let actor = call.staff.actor.reference
        try pool.withConnection { try ForumStore(schema: tenant.schema).save(chatID: chatID, title: title, by: actor, $0) }
        return try forumReply(tenant.schema)
    }

    /// Unlinks the group: nothing more is copied there. Topics keep their place in the
    /// conversations, so linking the same group again carries on in them.
    func unlinkForum(_ call: StaffCall) throws -> HTTPResponse {
        try pool.withConnection { try ForumStore(schema: call.tenant.schema).delete($0) }
        return try forumReply(call.tenant.schema)
    }

    func forumReply(_ schema: Identifier) throws -> HTTPResponse {
        let store = ForumStore(schema: schema)
        let forum = try pool.withConnection { conn -> JSONValue in
            guard let link = try store.link(conn) else { return .null }
            return link.json(topics: try store.topicCount(chatID: link.chatID, conn))
        }
        return Reply.json(["forum": forum])
    }
}
