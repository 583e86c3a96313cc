import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy

/// What comes from the linked forum group, in the update's transaction (pure SQL, no Bot API:
/// the webhook answers at once and jobs do the rest).
///
/// - A human closing or reopening a customer's topic closes or reopens the conversation.
/// - A message in a customer's topic from a group member linked to staff of this tenant whose role
///   may write dialogs becomes a staff message of the conversation (`queued`, that author) and a
///   `dialogs.forum_send` job copies it to the customer.
/// - `/link_office` from an owner links the group where it is sent (`ForumLinkCommand`).
/// - Anything else — strangers, other roles, bots, commands, the General topic, topics of no
///   conversation — is not sent, only counted (`ignored_messages`).
struct ForumIntake {
    let schema: Identifier
    let staff: (any StaffByTelegram)?

    func received(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let store = ForumStore(schema: schema)
        if let command = message.command, command.name == ForumLinkCommand.name, !message.senderIsBot,
            ForumLinkCommand.isAddressed(message.text ?? "", to: tenant.botUsername)
        {
            return try ForumLinkCommand.requested(message, tenant: tenant, staff: staff, conn)
        }
        guard let link = try store.link(conn), link.chatID == message.chatID else { return }
        switch message.kind {
        case .forumTopicCreated: return
        case .forumTopicClosed, .forumTopicReopened:
            guard let thread = message.messageThreadID,
                let conversation = try store.conversation(chatID: link.chatID, threadID: thread, conn)
            else { return }
            let state = message.kind == .forumTopicClosed ? "closed" : "open"
            try conn.execute("UPDATE \(ident: schema).conversations SET state = \(state) WHERE id = \(conversation.id)")
            return
        default: break
        }
        guard !message.senderIsBot, message.command == nil, message.isTopicMessage, let user = message.from,
            let thread = message.messageThreadID,
            let conversation = try store.conversation(chatID: link.chatID, threadID: thread, conn),
            let content = StoredContent(message),
            let member = try staff?.member(telegramUserID: user.id, tenantID: tenant.id, conn),
            member.role.allows(.write(.dialogs))
        else { return try store.countIgnored(conn) }
        let attachment = content.attachment.map { String(decoding: $0.serialized(), as: UTF8.self) }
        let id = try conn.query(
            """
            INSERT INTO \(ident: schema).messages
                (bot_id, participant_id, direction, text, kind, attachment, delivery, author, forum_message_id)
            VALUES (\(tenant.botToken.botID), \(conversation.participant), 'out', \(content.text), \(content.kind),
                    \(attachment)::jsonb, 'queued', \(member.actor.reference), \(message.messageID))
            RETURNING id
            """
        ).first!.decode(Int64.self, 0)
        try ConversationStore(schema: schema).answered(conversation.id, by: id, conn)
        try DialogsArea.announce(schema, conn)
        try ForumQueue(schema: schema).deliver(message: id, conn)
    }
}
