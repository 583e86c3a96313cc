import Foundation
import HTTP
import Telegram
import TesseraJSON

/// Supergroups, forum topics, attachments and file downloads: what tests and the control API
/// use to play customers writing with photos or contacts and staff answering in a topic.
extension TelegramSimulator {
    /// Adds a supergroup with the bot in it (or, given the `id` of one, changes it and the bot's
    /// status and rights there; a nil `title` keeps the old one); returns its chat id (`-100…`,
    /// as Telegram's). `botStatus`: `administrator`, `member`, `left` or `kicked`.
    @discardableResult
    public func addGroup(
        botID: Int64, id: Int64? = nil, title: String? = nil, isForum: Bool = true,
        botStatus: String = "administrator", canManageTopics: Bool = true, canDeleteMessages: Bool = true
    ) -> Int64? {
        state.withLock { state -> Int64? in
            guard state.bots[botID] != nil else { return nil }
            let chatID = id ?? -1_000_000_000_000 - Int64(state.bots[botID]!.groups.count + 1) * 7_919
            var group =
                state.bots[botID]!.groups[chatID]
                ?? SimulatedGroup(
                    id: chatID, title: title ?? "Staff", isForum: isForum, botStatus: botStatus,
                    canManageTopics: canManageTopics,
                    canDeleteMessages: canDeleteMessages)
            if let title { group.title = title }
            group.isForum = isForum
            group.botStatus = botStatus
            group.canManageTopics = canManageTopics
            group.canDeleteMessages = canDeleteMessages
            state.bots[botID]!.groups[chatID] = group
            return chatID
        }
    }

    /// Every message of a chat (the users', the bot's and service messages), oldest first.
    public func chatMessages(botID: Int64, chatID: Int64) -> [JSONValue] {
        state.withLock { state in
            (state.bots[botID]?.messages[chatID] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        }
    }

    /// A group's topics: thread id, name, icon colour, whether closed.
    public func topics(botID: Int64, chatID: Int64) -> [JSONValue] {
        state.withLock { state in
            (state.bots[botID]?.groups[chatID]?.topics.values.sorted { $0.threadID < $1.threadID } ?? []).map { t in
                [
                    "message_thread_id": .int(t.threadID), "name": .string(t.name), "icon_color": .int(t.iconColor),
                    "closed": .bool(t.closed),
                ]
            }
        }
    }

    /// The bytes of a file the bot has, by `file_id`.
    public func fileBytes(botID: Int64, fileID: String) -> [UInt8]? {
        state.withLock { $0.bots[botID]?.files[fileID]?.bytes }
    }

    /// The user sends a message in their private chat with the bot. `content` holds one of
    /// `text`, `photo`, `document`, `voice`, `video`, `sticker`, `contact` (see
    /// `MessageContent`), optionally `caption` and `reply_to_message_id`.
    @discardableResult
    public func sendUserMessage(botID: Int64, user: TelegramUser, content: JSONValue) throws(SimulatedError)
        -> Delivery
    {
        meet(botID: botID, user: user)
        return try pushMessage(botID: botID) { bot, now throws(SimulatedError) in
            guard let known = bot.users[user.id] else { throw SimulatedError.badRequest("no such user") }
            var message: JSONObject = [
                "message_id": .int(bot.takeMessageID()), "from": known.botAPIJSON, "chat": privateChatJSON(known),
                "date": .int(now),
            ]
            try MessageContent.fill(&message, content: content, chatID: user.id, bot: &bot)
            return message
        }
    }

    /// A member of a group (a staff member) writes there, in forum topic `threadID` when given:
    /// the update carries `message_thread_id` and `is_topic_message`, as Telegram's does.
    @discardableResult
    public func sendGroupMessage(
        botID: Int64, chatID: Int64, from user: TelegramUser, threadID: Int64? = nil, content: JSONValue
    ) throws(SimulatedError) -> Delivery {
        try pushMessage(botID: botID) { bot, now throws(SimulatedError) in
            guard let group = bot.groups[chatID] else { throw SimulatedError.badRequest("chat not found") }
            var message: JSONObject = ["message_id": .int(0)]
            if let threadID {
                guard group.isForum, let topic = group.topics[threadID] else {
                    throw SimulatedError.badRequest("message thread not found")
                }
                if topic.closed { throw SimulatedError.badRequest("TOPIC_CLOSED") }
                message["message_thread_id"] = .int(threadID)
            }
            message["message_id"] = .int(bot.groups[chatID]!.takeMessageID())
            message["from"] = user.botAPIJSON
            message["chat"] = group.chatJSON
            message["date"] = .int(now)
            if let threadID, content["reply_to_message_id"] == nil,
                var created = bot.messages[chatID]?[threadID]?.objectValue
            {
                _ = created.removeValue(forKey: "reply_to_message")
                message["reply_to_message"] = .object(created)
            }
            try MessageContent.fill(&message, content: content, chatID: chatID, bot: &bot)
            if threadID != nil { message["is_topic_message"] = true }
            return message
        }
    }

    /// Builds a `message` under the lock (ids stay consistent), stores it and posts the update.
    func pushMessage(botID: Int64, _ build: (inout SimulatedBot, Int64) throws(SimulatedError) -> JSONObject)
        throws(SimulatedError) -> Delivery
    {
        let now = clock()
        let prepared = state.withLock { state -> Result<(JSONValue, Int64, Webhook?), SimulatedError> in
            guard var bot = state.bots[botID] else { return .failure(.badRequest("no such bot")) }
            let message: JSONObject
            do throws(SimulatedError) { message = try build(&bot, now) } catch { return .failure(error) }
            bot.record(message)
            let id = state.nextUpdateID
            state.nextUpdateID += 1
            state.bots[botID] = bot
            return .success((.object(["update_id": .int(id), "message": .object(message)]), id, bot.webhook))
        }
        let (update, id, webhook) = try prepared.get()
        return post(update: update, updateID: id, to: webhook)
    }

    /// `GET /file/bot<token>/<file_path>`: the file's bytes, as Telegram serves downloads.
    func fileDownload(_ request: HTTPRequest) -> HTTPResponse {
        let rest = request.path.dropFirst("/file/bot".count)
        guard let slash = rest.firstIndex(of: "/") else { return Self.render(.failure(.fileNotFound)) }
        let token = String(rest[..<slash])
        let path = String(rest[rest.index(after: slash)...])
        let found = state.withLock { state -> Result<StoredFile, SimulatedError> in
            guard let botID = Self.botID(of: token), let bot = state.bots[botID], bot.token == token else {
                return .failure(.unauthorized)
            }
            guard let file = bot.files.values.first(where: { $0.path == path }) else { return .failure(.fileNotFound) }
            return .success(file)
        }
        switch found {
        case .success(let file):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: file.mimeType ?? "application/octet-stream")
            return HTTPResponse(status: 200, headers: headers, body: file.bytes)
        case .failure(let error):
            return Self.render(.failure(error))
        }
    }
}

extension SimulatedError {
    /// What Telegram answers for a download path it does not know.
    static let fileNotFound = SimulatedError(code: 404, description: "Not Found")
}

/// The content of a pushed message, from the control API's JSON: exactly one of `text`,
/// `photo`, `document`, `voice`, `video`, `sticker` or `contact`, plus `caption` and
/// `reply_to_message_id`. A file is given as `base64` (its bytes) or `file_id` (one the bot
/// has), or left out (a few placeholder bytes); `width`, `height`, `duration`, `file_name`,
/// `mime_type`, `emoji`, `set_name` override the defaults.
enum MessageContent {
    static let kinds = ["text", "photo", "document", "voice", "video", "sticker", "contact"]

    static func fill(_ message: inout JSONObject, content: JSONValue, chatID: Int64, bot: inout SimulatedBot)
        throws(SimulatedError)
    {
        let given = kinds.filter { content[$0] != nil }
        guard given.count == 1, let kind = given.first, let spec = content[kind] else {
            throw .badRequest("exactly one of \(kinds.joined(separator: ", ")) is required")
        }
        if let replyID = content["reply_to_message_id"]?.intValue {
            guard var replied = bot.messages[chatID]?[replyID]?.objectValue else {
                throw .badRequest("message to be replied not found")
            }
            _ = replied.removeValue(forKey: "reply_to_message")
            message["reply_to_message"] = .object(replied)
        }
        switch kind {
        case "text":
            guard let text = spec.stringValue, !text.isEmpty else {
                throw .badRequest("text must be a non-empty string")
            }
            message["text"] = .string(text)
            if text.hasPrefix("/") {
                let length = text.utf16.prefix { $0 != 0x20 }.count
                message["entities"] = [["offset": 0, "length": .int(Int64(length)), "type": "bot_command"]]
            }
            return
        case "contact":
            guard let phone = spec["phone_number"]?.stringValue, let first = spec["first_name"]?.stringValue else {
                throw .badRequest("contact needs phone_number and first_name")
            }
            var contact: JSONObject = ["phone_number": .string(phone), "first_name": .string(first)]
            if let last = spec["last_name"]?.stringValue { contact["last_name"] = .string(last) }
            if let userID = spec["user_id"]?.intValue { contact["user_id"] = .int(userID) }
            message["contact"] = .object(contact)
            return
        default:
            break
        }
        let file = try storedFile(kind: kind, spec: spec, bot: &bot)
        var attachment = file.reference
        let dims = ImageSize.of(file.bytes)
        switch kind {
        case "photo":
            attachment["width"] = .int(spec["width"]?.intValue ?? dims?.width ?? 1280)
            attachment["height"] = .int(spec["height"]?.intValue ?? dims?.height ?? 960)
            message["photo"] = [.object(attachment)]
        case "sticker":
            attachment["type"] = "regular"
            attachment["width"] = .int(spec["width"]?.intValue ?? 512)
            attachment["height"] = .int(spec["height"]?.intValue ?? 512)
            attachment["is_animated"] = false
            attachment["is_video"] = false
            attachment["emoji"] = .string(spec["emoji"]?.stringValue ?? "👍")
            if let set = spec["set_name"]?.stringValue { attachment["set_name"] = .string(set) }
            message["sticker"] = .object(attachment)
        case "voice":
            attachment["duration"] = .int(spec["duration"]?.intValue ?? 1)
            attachment["mime_type"] = .string(file.mimeType ?? "audio/ogg")
            message["voice"] = .object(attachment)
        case "video":
            attachment["width"] = .int(spec["width"]?.intValue ?? 640)
            attachment["height"] = .int(spec["height"]?.intValue ?? 360)
            attachment["duration"] = .int(spec["duration"]?.intValue ?? 1)
            if let name = file.fileName { attachment["file_name"] = .string(name) }
            attachment["mime_type"] = .string(file.mimeType ?? "video/mp4")
            message["video"] = .object(attachment)
        default:
            attachment["file_name"] = .string(file.fileName ?? "file.bin")
            attachment["mime_type"] = .string(file.mimeType ?? "application/octet-stream")
            message["document"] = .object(attachment)
        }
        if let caption = content["caption"]?.stringValue, !caption.isEmpty { message["caption"] = .string(caption) }
    }

    static func storedFile(kind: String, spec: JSONValue, bot: inout SimulatedBot) throws(SimulatedError) -> StoredFile
    {
        if let id = spec["file_id"]?.stringValue {
            guard let file = bot.files[id] else { throw .badRequest("\(kind).file_id is not a file of this bot") }
            return file
        }
        var bytes = Array("simulated \(kind)".utf8)
        if let encoded = spec["base64"]?.stringValue {
            guard let data = Data(base64Encoded: encoded) else { throw .badRequest("\(kind).base64 is not base64") }
            bytes = Array(data)
        }
        return bot.storeFile(
            kind: kind, bytes: bytes, fileName: spec["file_name"]?.stringValue, mimeType: spec["mime_type"]?.stringValue
        )
    }
}
