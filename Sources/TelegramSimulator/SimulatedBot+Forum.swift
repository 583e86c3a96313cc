import Telegram
import TesseraJSON

/// Forum topics: `createForumTopic`, `editForumTopic`, `closeForumTopic`, `reopenForumTopic`
/// and `deleteForumTopic`.
///
/// The checks and texts follow TDLib's `ForumTopicManager` (which the Bot API server runs on; it
/// lower-cases the first letter behind "Bad Request: "): "the chat is not a forum", "not enough
/// rights to create a topic", "… to edit the topic", "… to close or open the topic", "… to delete
/// the topic" (the last three only for topics the bot did not create), "title must be
/// non-empty", "invalid message thread identifier specified", and a name cut to 128 characters.
/// "TOPIC_NOT_MODIFIED" is the server's answer to a change that changes nothing (quoted by
/// several bot libraries). "TOPIC_ID_INVALID" for a topic that does not exist (or was deleted)
/// could not be checked against a primary source.
extension SimulatedBot {
    static let forumMethods: Set<String> = [
        "createforumtopic", "editforumtopic", "closeforumtopic", "reopenforumtopic", "deleteforumtopic",
    ]

    /// Telegram's default topic colour (0x6FB9F0).
    static let defaultIconColor: Int64 = 7_322_096

    /// The forum of `chat_id`, checked the way TDLib's `is_forum` does.
    func forum(_ p: SimulatorParameters) -> Result<SimulatedGroup, SimulatedError> {
        guard let chat = chat(p.int("chat_id")) else { return .failure(.badRequest("chat not found")) }
        guard case .group(let group) = chat, group.isForum else {
            return .failure(.badRequest("the chat is not a forum"))
        }
        if group.botStatus == "left" || group.botStatus == "kicked" {
            return .failure(
                SimulatedError(code: 403, description: "Forbidden: bot is not a member of the supergroup chat"))
        }
        return .success(group)
    }

    /// The forum and the topic of `message_thread_id`.
    func topic(_ p: SimulatorParameters) -> Result<(SimulatedGroup, SimulatedTopic), SimulatedError> {
        forum(p).flatMap { group in
            guard let id = p.int("message_thread_id"), id > 0 else {
                return .failure(.badRequest("invalid message thread identifier specified"))
            }
            guard let topic = group.topics[id] else { return .failure(.badRequest("TOPIC_ID_INVALID")) }
            return .success((group, topic))
        }
    }

    func isTopicAdmin(_ group: SimulatedGroup) -> Bool { group.botStatus == "administrator" && group.canManageTopics }

    mutating func performForum(_ method: String, _ p: SimulatorParameters, now: Int64) -> Result<
        JSONValue, SimulatedError
    > {
        switch method {
        case "createforumtopic": return createTopic(p, now: now)
        case "editforumtopic": return editTopic(p, now: now)
        case "closeforumtopic": return setClosed(true, p, now: now)
        case "reopenforumtopic": return setClosed(false, p, now: now)
        default: return deleteTopic(p)
        }
    }

    mutating func createTopic(_ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        let group: SimulatedGroup
        switch forum(p) {
        case .success(let g): group = g
        case .failure(let e): return .failure(e)
        }
        guard isTopicAdmin(group) else { return .failure(.badRequest("not enough rights to create a topic")) }
        let name = String((p.string("name") ?? "").trimmingPrefix(while: \.isWhitespace).prefix(128))
        guard !name.isEmpty else { return .failure(.badRequest("title must be non-empty")) }
        let color = p.int("icon_color") ?? Self.defaultIconColor
        guard (0...0xFF_FFFF).contains(color) else { return .failure(.badRequest("invalid icon color specified")) }
        let emoji = p.string("icon_custom_emoji_id").flatMap { $0.isEmpty ? nil : $0 }
        let threadID = groups[group.id]!.takeMessageID()
        groups[group.id]!.topics[threadID] = SimulatedTopic(
            threadID: threadID, name: name, iconColor: color, iconCustomEmojiID: emoji, createdByBot: true)
        var created: JSONObject = ["name": .string(name), "icon_color": .int(color)]
        if let emoji { created["icon_custom_emoji_id"] = .string(emoji) }
        serviceMessage(
            group.id, id: threadID, threadID: threadID, now: now, key: "forum_topic_created", .object(created))
        var topic: JSONObject = ["message_thread_id": .int(threadID), "name": .string(name), "icon_color": .int(color)]
        if let emoji { topic["icon_custom_emoji_id"] = .string(emoji) }
        return .success(.object(topic))
    }

    mutating func editTopic(_ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        let (group, topic): (SimulatedGroup, SimulatedTopic)
        switch self.topic(p) {
        case .success(let found): (group, topic) = found
        case .failure(let e): return .failure(e)
        }
        guard isTopicAdmin(group) || topic.createdByBot else {
            return .failure(.badRequest("not enough rights to edit the topic"))
        }
        let givenName = p.string("name").flatMap { $0.isEmpty ? nil : $0 }
        let name = givenName.map { String($0.trimmingPrefix(while: \.isWhitespace).prefix(128)) }
        if let name, name.isEmpty { return .failure(.badRequest("title must be non-empty")) }
        let emoji = p.string("icon_custom_emoji_id")
        // Neither given: TDLib answers without asking the server.
        guard name != nil || emoji != nil else { return .success(true) }
        let newName = name ?? topic.name
        let newEmoji = emoji.map { $0.isEmpty ? nil : $0 } ?? topic.iconCustomEmojiID
        guard newName != topic.name || newEmoji != topic.iconCustomEmojiID else {
            return .failure(.badRequest("TOPIC_NOT_MODIFIED"))
        }
        groups[group.id]!.topics[topic.threadID]!.name = newName
        groups[group.id]!.topics[topic.threadID]!.iconCustomEmojiID = newEmoji
        var edited: JSONObject = [:]
        if name != nil { edited["name"] = .string(newName) }
        if emoji != nil { edited["icon_custom_emoji_id"] = .string(newEmoji ?? "") }
        let id = groups[group.id]!.takeMessageID()
        serviceMessage(group.id, id: id, threadID: topic.threadID, now: now, key: "forum_topic_edited", .object(edited))
        return .success(true)
    }

    mutating func setClosed(_ closed: Bool, _ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        let (group, topic): (SimulatedGroup, SimulatedTopic)
        switch self.topic(p) {
        case .success(let found): (group, topic) = found
        case .failure(let e): return .failure(e)
        }
        guard isTopicAdmin(group) || topic.createdByBot else {
            return .failure(.badRequest("not enough rights to close or open the topic"))
        }
        guard topic.closed != closed else { return .failure(.badRequest("TOPIC_NOT_MODIFIED")) }
        groups[group.id]!.topics[topic.threadID]!.closed = closed
        let id = groups[group.id]!.takeMessageID()
        serviceMessage(
            group.id, id: id, threadID: topic.threadID, now: now,
            key: closed ? "forum_topic_closed" : "forum_topic_reopened", .object([:]))
        return .success(true)
    }

    mutating func deleteTopic(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        let (group, topic): (SimulatedGroup, SimulatedTopic)
        switch self.topic(p) {
        case .success(let found): (group, topic) = found
        case .failure(let e): return .failure(e)
        }
        let canDelete = group.botStatus == "administrator" && group.canDeleteMessages
        guard canDelete || topic.createdByBot else {
            return .failure(.badRequest("not enough rights to delete the topic"))
        }
        groups[group.id]!.topics.removeValue(forKey: topic.threadID)
        // The topic goes with all its messages.
        messages[group.id] = messages[group.id]?.filter { $0.value["message_thread_id"]?.intValue != topic.threadID }
        return .success(true)
    }

    /// A service message from the bot in a topic (`forum_topic_created`, `…_closed`, …), stored
    /// like any message. Bots get no updates for their own messages, so nothing is pushed.
    mutating func serviceMessage(
        _ chatID: Int64, id: Int64, threadID: Int64, now: Int64, key: String, _ body: JSONValue
    ) {
        guard let group = groups[chatID] else { return }
        var message: JSONObject = [
            "message_id": .int(id), "message_thread_id": .int(threadID), "from": userJSON, "chat": group.chatJSON,
            "date": .int(now),
        ]
        message[key] = body
        message["is_topic_message"] = true
        record(message)
    }
}
