import Telegram
import TesseraJSON

/// What people (not the bot) do to forum topics: close, reopen and delete them in the app.
extension TelegramSimulator {
    /// A member closes (or reopens) topic `threadID`: the topic changes and the bot gets the
    /// `forum_topic_closed` / `forum_topic_reopened` service message from that member, inside
    /// the topic, as Telegram sends it (`{}` as its body).
    @discardableResult
    public func setTopicClosed(botID: Int64, chatID: Int64, threadID: Int64, closed: Bool, by user: TelegramUser)
        throws(SimulatedError) -> Delivery
    {
        try pushMessage(botID: botID) { bot, now throws(SimulatedError) in
            guard let group = bot.groups[chatID] else { throw SimulatedError.badRequest("chat not found") }
            guard group.isForum, let topic = group.topics[threadID] else { throw SimulatedError.badRequest("TOPIC_ID_INVALID") }
            guard topic.closed != closed else { throw SimulatedError.badRequest("TOPIC_NOT_MODIFIED") }
            bot.groups[chatID]!.topics[threadID]!.closed = closed
            return [
                "message_id": .int(bot.groups[chatID]!.takeMessageID()), "message_thread_id": .int(threadID),
                "from": user.botAPIJSON, "chat": group.chatJSON, "date": .int(now),
                closed ? "forum_topic_closed" : "forum_topic_reopened": .object([:]), "is_topic_message": true,
            ]
        }
    }

    /// A member deletes topic `threadID` with its messages. Telegram tells bots nothing of it: the
    /// next message into the topic gets `message thread not found`.
    public func deleteTopic(botID: Int64, chatID: Int64, threadID: Int64) throws(SimulatedError) {
        let found = state.withLock { state -> Bool in
            guard state.bots[botID]?.groups[chatID]?.topics.removeValue(forKey: threadID) != nil else { return false }
            state.bots[botID]!.messages[chatID] = state.bots[botID]!.messages[chatID]?.filter {
                $0.value["message_thread_id"]?.intValue != threadID
            }
            return true
        }
        if !found { throw SimulatedError.badRequest("TOPIC_ID_INVALID") }
    }
}
