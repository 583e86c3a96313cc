import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// `/link_office`, sent in a supergroup by an owner whose Telegram account is linked to the back
/// office: links that group as the staff forum, with the same checks as `PUT …/dialog-forum`.
/// It spares the owner finding the group's id. The webhook only enqueues a `dialogs.forum_link`
/// job; the job asks Telegram, links, and answers in the group (in the sender's language).
enum ForumLinkCommand {
    static let name = "link_office"
    static let kind: JobKind = "dialogs.forum_link"
    /// The audit action of a link made by `/link_office`: the one `PUT …/dialog-forum` writes, so
    /// the audit log's filter finds both; `after.via` says `telegram`.
    static let auditAction = "dialog_forum.update"

    /// `/link_office` or `/link_office@<this bot>`: not a command meant for another bot in the group.
    static func isAddressed(_ text: String, to bot: String) -> Bool {
        let head = text.split(separator: " ", maxSplits: 1).first ?? ""
        guard let at = head.firstIndex(of: "@") else { return true }
        return head[head.index(after: at)...].lowercased() == bot.lowercased()
    }

    static func requested(
        _ message: IncomingMessage, tenant: LiveTenant, staff: (any StaffByTelegram)?, _ conn: PostgresConnection
    ) throws {
        guard let user = message.from else { return }
        let member = try staff?.member(telegramUserID: user.id, tenantID: tenant.id, conn)
        let owner = member.map { $0.role.allows(.write(.staff)) } ?? false
        var payload: JSONObject = [
            "chat_id": .int(message.chatID), "message_id": .int(message.messageID),
            "russian": .bool(user.languageCode?.hasPrefix("ru") == true),
        ]
        if let thread = message.messageThreadID, message.isTopicMessage { payload["thread_id"] = .int(thread) }
        if owner, let member {
            payload["actor"] = .string(member.actor.reference)
            payload["role"] = .string(member.role.rawValue)
        }
        try JobQueue(schema: tenant.schema).enqueue(
            kind, payload: .object(payload), maxAttempts: ForumQueue.maxAttempts,
            dedupeKey: "forum_link:\(message.chatID):\(message.messageID)", on: conn)
    }

    /// The answer in the group (pure).
    static func answer(linked title: String?, problem: ForumLinkError?, owner: Bool, russian: Bool) -> String {
        if !owner {
            return russian
                ? "Привязать группу может только владелец проекта, чей Telegram привязан к офису."
                : "Only an owner of the project whose Telegram account is linked to the back office can link this group."
        }
        if let problem {
            return (russian ? "Группа не привязана: " : "Not linked: ") + problem.message
        }
        let group = title.map { "«\($0)»" } ?? ""
        return russian
            ? "Группа \(group) привязана к офису: у каждого диалога с клиентом будет здесь своя тема."
            : "The group \(group) is linked to the back office: each customer's dialog gets its own topic here."
    }
}

extension ForumJobs {
    /// `dialogs.forum_link`: checks and links the group a `/link_office` came from, then answers there.
    func link(_ job: Job) throws -> JobOutcome {
        guard let chatID = job.payload["chat_id"]?.intValue, let messageID = job.payload["message_id"]?.intValue else {
            return .fail(reason: "the payload names no chat")
        }
        guard let tenant = tenant(job) else { return Self.tenantMissing }
        let actor = job.payload["actor"]?.stringValue
        let russian = job.payload["russian"]?.boolValue ?? false
        let bot = bot(tenant)
        var title: String?
        var problem: ForumLinkError?
        if let actor {
            do throws(ForumLinkError) {
                title = try ForumLinkError.verify(chatID, bot: bot, botID: tenant.botToken.botID)
            } catch {
                if case .telegramUnavailable(let why) = error {
                    return .retry(after: JobBackoff().delay(afterAttempt: job.attempt), reason: why)
                }
                problem = error
            }
            if let title {
                // The link and its audit entry commit together, as the office's PUT …/dialog-forum records it.
                try pool.transaction { conn in
                    let store = ForumStore(schema: job.schema)
                    try store.save(chatID: chatID, title: title, by: actor, conn)
                    guard let audit = hooks.staffAudit, let staff = Self.actor(actor), let link = try store.link(conn) else { return }
                    let role = job.payload["role"]?.stringValue.flatMap(StaffRole.init(rawValue:)) ?? .owner
                    try audit.record(
                        StaffAuditChange(
                            actor: staff, role: role, action: ForumLinkCommand.auditAction, recordType: "dialog_forum",
                            after: ["forum": link.json(topics: try store.topicCount(chatID: chatID, conn)), "via": "telegram"]),
                        schema: job.schema, conn)
                }
            }
        }
        let text = ForumLinkCommand.answer(linked: title, problem: problem, owner: actor != nil, russian: russian)
        do throws(BotAPIError) {
            try bot.sendMessage(
                chatID: chatID, text: text, messageThreadID: job.payload["thread_id"]?.intValue,
                replyParameters: ReplyParameters(messageID: messageID, allowSendingWithoutReply: true))
        } catch {
            // Linked (or refused) either way; only the answer is lost.
            if case .tooManyRequests(let seconds) = error, title == nil {
                return .retry(after: Double(max(1, seconds)), reason: error.description)
            }
        }
        return .done
    }
}
