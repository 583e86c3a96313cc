import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// The forum group's jobs: `dialogs.forum_copy` (a customer's message or an office reply into the
/// topic), `dialogs.forum_send` (a staff member's topic message to the customer) and
/// `dialogs.forum_state` (close or reopen the topic as the conversation is); and
/// `dialogs.forum_link` (`ForumLinkCommand`).
///
/// Telegram's answers decide what happens next (`ForumFailure`): a deleted topic is forgotten and a
/// new one made, a closed one reopened, a 429 retried after `retry_after`, a passing failure with
/// back-off, and a bot that may no longer work in the group marks the link broken.
struct ForumJobs: Sendable {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let registry: TenantRegistry
    let hooks: AreaHooks

    /// Changes of the topic one run rides out (deleted, then closed, …) before it retries later.
    static let maxTurns = 4

    func register(on runner: JobRunner) {
        runner.register(ForumQueue.copy) { try self.copy($0) }
        runner.register(ForumQueue.send) { try self.send($0) }
        runner.register(ForumQueue.state) { try self.syncState($0) }
        runner.register(ForumLinkCommand.kind) { try self.link($0) }
    }

    func bot(_ tenant: LiveTenant) -> TelegramBot {
        TelegramBot(token: tenant.botToken.value, client: botAPI.with(retryPolicy: .none, timeout: 15))
    }

    func tenant(_ job: Job) -> LiveTenant? { registry.all.first { $0.schema == job.schema } }

    static let tenantMissing = JobOutcome.retry(after: 60, reason: "the tenant is not loaded")

    // MARK: Into the topic

    struct Mirrored {
        var direction: String
        var kind: String
        var text: String
        var telegramMessageID: Int64?
        var author: String?
        var copied: Bool
        var customerChat: Int64
        var conversation: Int64
        var state: String
    }

    func copy(_ job: Job) throws -> JobOutcome {
        guard let messageID = job.payload["message"]?.intValue else { return .fail(reason: "the payload names no message") }
        guard let tenant = tenant(job) else { return Self.tenantMissing }
        let schema = job.schema
        let store = ForumStore(schema: schema)
        guard let (link, message) = try pool.withConnection({ conn -> (ForumLink, Mirrored)? in
            guard let link = try store.workingLink(conn), let message = try mirrored(messageID, schema: schema, conn) else {
                return nil
            }
            return (link, message)
        }) else { return .done }  // unlinked, broken, or the message is gone
        guard !message.copied, let original = message.telegramMessageID else { return .done }
        let bot = bot(tenant)
        let signature = try message.author.flatMap(Self.actor).flatMap { actor in
            try pool.withConnection { try hooks.staffByTelegram?.name(of: actor, $0) }
        }
        var reopened = false
        for _ in 0..<Self.maxTurns {
            let thread: Int64
            switch try ForumTopics(schema: schema, pool: pool).ensure(conversation: message.conversation, link: link, bot: bot) {
            case .success(let t): thread = t
            case .failure(let error): return try settle(error, job: job, link: link)
            }
            let result = Result { () throws(BotAPIError) -> Int64 in
                if message.direction == "out" {
                    let mark = "— \(signature ?? "staff"), via back office"
                    if message.kind == "text" {
                        return try bot.sendMessage(chatID: link.chatID, text: Self.signed(message.text, mark, max: 4096), messageThreadID: thread).messageID
                    }
                    return try bot.copyMessage(
                        chatID: link.chatID, fromChatID: message.customerChat, messageID: original, messageThreadID: thread,
                        caption: Self.signed(message.text, mark, max: 1024))
                }
                return try bot.copyMessage(
                    chatID: link.chatID, fromChatID: message.customerChat, messageID: original, messageThreadID: thread)
            }
            switch result {
            case .success(let copy):
                try pool.withConnection { conn in
                    try conn.execute("UPDATE \(ident: schema).messages SET forum_message_id = \(copy) WHERE id = \(messageID)")
                }
                // A reply to a closed conversation went through a reopened topic: close it again.
                if reopened && message.state == "closed" {
                    try? bot.closeForumTopic(chatID: link.chatID, messageThreadID: thread)
                }
                return .done
            case .failure(let error):
                switch ForumFailure.of(error, attempt: job.attempt) {
                case .topicGone:
                    try pool.withConnection {
                        try store.forgetTopic(conversation: message.conversation, chatID: link.chatID, threadID: thread, $0)
                    }
                case .topicClosed:
                    do throws(BotAPIError) {
                        try bot.reopenForumTopic(chatID: link.chatID, messageThreadID: thread)
                    } catch {
                        if case .badRequest(let text) = error, text.contains("TOPIC_NOT_MODIFIED") {} else {
                            return try settle(error, job: job, link: link)
                        }
                    }
                    reopened = true
                default: return try settle(error, job: job, link: link)
                }
            }
        }
        return .retry(after: JobBackoff().delay(afterAttempt: job.attempt), reason: "the topic kept changing")
    }

    /// `text` with the staff mark on a line of its own, cut to fit Telegram's `max`.
    static func signed(_ text: String, _ mark: String, max: Int) -> String {
        let room = max - mark.count - 2
        let body = text.count > room ? String(text.prefix(Swift.max(0, room - 1))) + "…" : text
        return body.isEmpty ? mark : body + "\n\n" + mark
    }

    static func actor(_ reference: String) -> StaffActor? {
        let parts = reference.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "staff_person": return .person(id)
        case "staff_token": return .token(id)
        default: return nil
        }
    }

    /// A message to mirror: a customer's, or an office reply Telegram has delivered.
    func mirrored(_ id: Int64, schema: Identifier, _ conn: PostgresConnection) throws -> Mirrored? {
        guard
            let row = try conn.query(
                """
                SELECT m.direction, m.kind, m.text, m.telegram_message_id, m.author, m.forum_message_id IS NOT NULL,
                       p.telegram_id, c.id, c.state
                FROM \(ident: schema).messages m
                JOIN \(ident: schema).participants p ON p.id = m.participant_id
                JOIN \(ident: schema).conversations c ON c.participant_id = m.participant_id
                WHERE m.id = \(id) AND (m.direction = 'in' OR m.delivery = 'sent')
                """
            ).first
        else { return nil }
        return Mirrored(
            direction: try row.decode(String.self, 0), kind: try row.decode(String.self, 1), text: try row.decode(String.self, 2),
            telegramMessageID: try row.decode(Int64?.self, 3), author: try row.decode(String?.self, 4),
            copied: try row.decode(Bool.self, 5), customerChat: try row.decode(Int64.self, 6),
            conversation: try row.decode(Int64.self, 7), state: try row.decode(String.self, 8))
    }

    /// The outcome of a failure that is not about the topic itself.
    func settle(_ error: BotAPIError, job: Job, link: ForumLink) throws -> JobOutcome {
        switch ForumFailure.of(error, attempt: job.attempt) {
        case .linkBroken(let reason):
            try pool.withConnection { try ForumStore(schema: job.schema).markBroken(chatID: link.chatID, reason: reason, $0) }
            return .fail(reason: reason)
        case .retry(let outcome): return outcome
        case .failed(let reason): return .fail(reason: reason)
        case .topicGone, .topicClosed: return .retry(after: JobBackoff().delay(afterAttempt: job.attempt), reason: error.description)
        }
    }

    // MARK: To the customer

    func send(_ job: Job) throws -> JobOutcome {
        guard let messageID = job.payload["message"]?.intValue else { return .fail(reason: "the payload names no message") }
        guard let tenant = tenant(job) else { return Self.tenantMissing }
        let schema = job.schema
        guard
            let row = try pool.withConnection({ conn in
                try conn.query(
                    """
                    SELECT p.telegram_id, c.forum_chat_id, m.forum_message_id, c.forum_thread_id
                    FROM \(ident: schema).messages m
                    JOIN \(ident: schema).participants p ON p.id = m.participant_id
                    JOIN \(ident: schema).conversations c ON c.participant_id = m.participant_id
                    WHERE m.id = \(messageID) AND m.delivery = 'queued' AND m.forum_message_id IS NOT NULL
                    """
                ).first
            })
        else { return .done }  // sent or failed already
        let customer = try row.decode(Int64.self, 0)
        guard let group = try row.decode(Int64?.self, 1) else { return .fail(reason: "the conversation has no topic") }
        let original = try row.decode(Int64.self, 2)
        let bot = bot(tenant)
        let result = Result { () throws(BotAPIError) -> Int64 in
            try bot.copyMessage(chatID: customer, fromChatID: group, messageID: original)
        }
        switch result {
        case .success(let copy):
            try pool.withConnection { conn in
                try conn.execute(
                    """
                    UPDATE \(ident: schema).messages
                    SET delivery = 'sent', delivery_error = NULL, sent_at = now(), telegram_message_id = \(copy)
                    WHERE id = \(messageID)
                    """)
            }
            return .done
        case .failure(let error):
            let outcome = try ReplyJob.recordFailure(error, job: job, message: messageID, chatID: customer, pool: pool)
            // Tell the topic when it is final, so staff in Telegram see it as the office does.
            if case .fail(let reason) = outcome, let thread = try row.decode(Int64?.self, 3) {
                _ = try? bot.sendMessage(
                    chatID: group, text: "⚠️ Not delivered: \(reason)", messageThreadID: thread,
                    replyParameters: ReplyParameters(messageID: original, allowSendingWithoutReply: true))
            }
            return outcome
        }
    }

    // MARK: Topic state

    func syncState(_ job: Job) throws -> JobOutcome {
        guard let conversation = job.payload["conversation"]?.intValue else {
            return .fail(reason: "the payload names no conversation")
        }
        guard let tenant = tenant(job) else { return Self.tenantMissing }
        let schema = job.schema
        let store = ForumStore(schema: schema)
        guard
            let (link, thread, closed) = try pool.withConnection({ conn -> (ForumLink, Int64, Bool)? in
                guard let link = try store.workingLink(conn),
                    let row = try conn.query(
                        """
                        SELECT forum_thread_id, state FROM \(ident: schema).conversations
                        WHERE id = \(conversation) AND forum_chat_id = \(link.chatID) AND forum_thread_id IS NOT NULL
                        """
                    ).first
                else { return nil }
                return (link, try row.decode(Int64.self, 0), try row.decode(String.self, 1) == "closed")
            })
        else { return .done }
        let bot = bot(tenant)
        do throws(BotAPIError) {
            if closed {
                try bot.closeForumTopic(chatID: link.chatID, messageThreadID: thread)
            } else {
                try bot.reopenForumTopic(chatID: link.chatID, messageThreadID: thread)
            }
            return .done
        } catch {
            if case .badRequest(let text) = error, text.contains("TOPIC_NOT_MODIFIED") { return .done }
            if ForumFailure.of(error, attempt: job.attempt) == .topicGone {
                // Nothing to close; the next message makes a new topic.
                try pool.withConnection { try store.forgetTopic(conversation: conversation, chatID: link.chatID, threadID: thread, $0) }
                return .done
            }
            return try settle(error, job: job, link: link)
        }
    }
}
