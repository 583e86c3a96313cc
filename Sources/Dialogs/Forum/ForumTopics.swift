import Foundation
import Kernel
import Postgres
import Telegram

/// A conversation's topic in the linked group, made the first time it is needed.
struct ForumTopics {
    let schema: Identifier
    let pool: PostgresPool

    /// The topic of `conversation` in `link`'s group, created (`createForumTopic`) when there is
    /// none there yet; or why Telegram refused.
    ///
    /// Exactly one topic per conversation: a transaction-scoped advisory lock per conversation
    /// serialises the jobs that need one, and the second finds the first one's topic. The lock is
    /// held across the Bot API call (a few seconds at worst) but it is not the conversation's row
    /// lock, so incoming messages and replies never wait for Telegram. Should the commit fail after
    /// Telegram made the topic, that topic stays unused and the retry makes another.
    func ensure(conversation: Int64, link: ForumLink, bot: TelegramBot) throws -> Result<Int64, BotAPIError> {
        try pool.transaction { conn -> Result<Int64, BotAPIError> in
            try conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(schema.raw + ".forum_topic." + String(conversation)), 0))")
            guard
                let row = try conn.query(
                    """
                    SELECT c.forum_chat_id, c.forum_thread_id, p.first_name, p.last_name, p.username
                    FROM \(ident: schema).conversations c JOIN \(ident: schema).participants p ON p.id = c.participant_id
                    WHERE c.id = \(conversation)
                    """
                ).first
            else { return .failure(.badRequest("the conversation is gone")) }
            if try row.decode(Int64?.self, 0) == link.chatID, let thread = try row.decode(Int64?.self, 1) {
                return .success(thread)
            }
            let name = ForumTopicName.name(
                firstName: try row.decode(String?.self, 2), lastName: try row.decode(String?.self, 3),
                username: try row.decode(String?.self, 4), conversation: conversation)
            let topic: ForumTopic
            do throws(BotAPIError) {
                topic = try bot.createForumTopic(
                    chatID: link.chatID, name: name, iconColor: ForumTopicName.iconColor(conversation: conversation))
            } catch {
                return .failure(error)
            }
            try conn.execute(
                """
                UPDATE \(ident: schema).conversations SET forum_chat_id = \(link.chatID), forum_thread_id = \(topic.messageThreadID)
                WHERE id = \(conversation)
                """)
            return .success(topic.messageThreadID)
        }
    }
}
