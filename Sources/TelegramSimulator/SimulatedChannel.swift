import Telegram
import TesseraJSON

/// A public channel `@username`, the bot's place in it and its users' statuses. Bots join
/// channels only as administrators, so the bot is one (`administrator`) or not in it (`left`).
struct SimulatedChannel: Sendable {
    var id: Int64
    /// Lowercased, without `@`.
    var username: String
    var title: String
    var botIsAdministrator: Bool
    /// Users Telegram knows in the channel; anyone else is `left`.
    var members: [Int64: SimulatedChannelMember] = [:]

    static let botStatuses = ["administrator", "left"]

    var json: JSONValue {
        ["id": .int(id), "title": .string(title), "username": .string(username), "type": "channel"]
    }

    /// The bot's `ChatMemberAdministrator` in a channel (the rights a channel admin has), or `left`.
    func botMemberJSON(_ bot: JSONValue) -> JSONValue {
        guard botIsAdministrator else { return ["user": bot, "status": "left"] }
        return [
            "user": bot, "status": "administrator", "can_be_edited": false, "is_anonymous": false, "can_manage_chat": true,
            "can_delete_messages": true, "can_manage_video_chats": true, "can_restrict_members": true,
            "can_promote_members": false, "can_change_info": false, "can_invite_users": true, "can_post_stories": true,
            "can_edit_stories": true, "can_delete_stories": true, "can_post_messages": true, "can_edit_messages": true,
        ]
    }
}

/// A user's `ChatMember` status in a simulated channel, as getChatMember reports it.
struct SimulatedChannelMember: Sendable, Equatable {
    /// `creator`, `administrator`, `member`, `restricted`, `left` or `kicked`.
    var status: String
    /// `restricted` only: whether the user is still subscribed.
    var isMember: Bool = true

    static let statuses = ["creator", "administrator", "member", "restricted", "left", "kicked"]

    /// The `ChatMember` object of each status (Bot API: ChatMemberOwner, …Administrator,
    /// …Member, …Restricted, …Left, …Banned), with the fields a channel gives it.
    func json(_ user: JSONValue) -> JSONValue {
        var o: JSONObject = ["user": user, "status": .string(status)]
        switch status {
        case "creator":
            o["is_anonymous"] = false
        case "administrator":
            o["can_be_edited"] = false
            o["is_anonymous"] = false
            o["can_manage_chat"] = true
            o["can_post_messages"] = true
        case "restricted":
            o["is_member"] = .bool(isMember)
            o["until_date"] = 0
            o["can_send_messages"] = false
        case "kicked":
            o["until_date"] = 0
        default: break
        }
        return .object(o)
    }
}

extension SimulatedBot {
    /// `getChatMember("@channel", user)` as Telegram answers it: an unknown channel is `chat not
    /// found`; the bot itself gets its own status; for anyone else the bot must be an
    /// administrator (`member list is inaccessible` otherwise) and learns the user's status.
    func channelMember(_ username: String, _ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        guard let channel = channels[username.trimmingPrefix("@").lowercased()] else {
            return .failure(.badRequest("chat not found"))
        }
        guard let userID = p.int("user_id"), userID > 0 else { return .failure(.badRequest("invalid user_id specified")) }
        if userID == id { return .success(channel.botMemberJSON(userJSON)) }
        guard channel.botIsAdministrator else { return .failure(.badRequest("member list is inaccessible")) }
        let user: JSONValue = users[userID]?.botAPIJSON ?? ["id": .int(userID), "is_bot": false, "first_name": "User"]
        return .success((channel.members[userID] ?? SimulatedChannelMember(status: "left")).json(user))
    }
}

extension TelegramSimulator {
    /// Creates public channel `@channel` (or updates its title and the bot's place), with the bot
    /// an administrator unless `botIsAdministrator` is false. Returns the channel's chat id, nil
    /// for an unknown bot or a username Telegram would refuse (5–32 of a-z, 0-9, _; a letter first).
    @discardableResult
    public func addChannel(botID: Int64, channel: String, title: String? = nil, botIsAdministrator: Bool = true) -> Int64? {
        let key = channel.trimmingPrefix("@").lowercased()
        guard Self.isChannelUsername(key) else { return nil }
        return state.withLock { state -> Int64? in
            guard var bot = state.bots[botID] else { return nil }
            defer { state.bots[botID] = bot }
            if var existing = bot.channels[key] {
                if let title { existing.title = title }
                existing.botIsAdministrator = botIsAdministrator
                bot.channels[key] = existing
                return existing.id
            }
            let id = -1_001_000_000_000 - Int64(bot.channels.count + 1)
            bot.channels[key] = SimulatedChannel(id: id, username: key, title: title ?? "@" + key, botIsAdministrator: botIsAdministrator)
            return id
        }
    }

    /// Sets `userID`'s status in public channel `@channel` (`member`, `left`, `kicked`, …; for
    /// `restricted`, `isMember` says whether they are still in it), as getChatMember will see it.
    /// A channel not added yet is created with the bot as its administrator. False for an unknown
    /// bot, status or channel username.
    @discardableResult
    public func setChannelStatus(botID: Int64, channel: String, userID: Int64, status: String, isMember: Bool = true) -> Bool {
        let key = channel.trimmingPrefix("@").lowercased()
        guard SimulatedChannelMember.statuses.contains(status) else { return false }
        if state.withLock({ $0.bots[botID]?.channels[key] }) == nil {
            guard addChannel(botID: botID, channel: key) != nil else { return false }
        }
        return state.withLock { state in
            guard state.bots[botID]?.channels[key] != nil else { return false }
            state.bots[botID]!.channels[key]!.members[userID] = SimulatedChannelMember(status: status, isMember: isMember)
            return true
        }
    }

    /// Makes `userID` a member (`member`) of public channel `@channel`, or not (`left`).
    public func setChannelMember(botID: Int64, channel: String, userID: Int64, member: Bool) {
        setChannelStatus(botID: botID, channel: channel, userID: userID, status: member ? "member" : "left")
    }

    /// The channel as the control API shows it, nil when the bot does not know it.
    func channelJSON(botID: Int64, channel: String) -> JSONValue? {
        state.withLock { state in
            guard let c = state.bots[botID]?.channels[channel.trimmingPrefix("@").lowercased()] else { return nil }
            let members: [JSONValue] = c.members.keys.sorted().map { userID in
                let m = c.members[userID]!
                var o: JSONObject = ["user_id": .int(userID), "status": .string(m.status)]
                if m.status == "restricted" { o["is_member"] = .bool(m.isMember) }
                return .object(o)
            }
            return [
                "id": .int(c.id), "username": .string("@" + c.username), "title": .string(c.title),
                "bot_status": c.botIsAdministrator ? "administrator" : "left", "members": .array(members),
            ]
        }
    }

    static func isChannelUsername(_ name: String) -> Bool {
        guard (5...32).contains(name.utf8.count), let first = name.utf8.first, first >= 0x61 && first <= 0x7a else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    }
}
