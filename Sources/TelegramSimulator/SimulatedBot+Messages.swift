import Foundation
import Telegram
import TesseraJSON

/// Sending into any chat the bot knows (private chats and supergroups, forum topics included):
/// `sendMessage`, `sendPhoto`, `sendDocument`, `copyMessage` and `getFile`, with Telegram's
/// checks and error texts.
///
/// Where the texts come from: "message thread not found", "TOPIC_CLOSED", "message to be
/// replied not found", "message to copy not found", "wrong file identifier/HTTP URL specified",
/// "there is no photo in the request", "message caption is too long", "invalid file_id" and
/// "file is too big" are the Bot API's answers as quoted in tdlib/telegram-bot-api issues and in
/// the error tables of public bot libraries. "there is no document in the request",
/// "IMAGE_PROCESS_FAILED", "message can't be copied" and the two 403s for groups the bot left
/// could not be checked against a primary source; they follow the same patterns.
extension SimulatedBot {
    static let messageMethods: Set<String> = ["sendphoto", "senddocument", "copymessage", "getfile", "getchat"]

    /// Photos up to 10 MB, other uploads up to 50 MB; `getFile` serves files up to 20 MB.
    static let maxPhotoBytes = 10 * 1_048_576
    static let maxDownloadBytes = 20 * 1_048_576

    /// Where a message goes: the chat, and in a forum the topic.
    struct Destination {
        var chat: SimulatedChat
        var threadID: Int64?
    }

    /// Checks `chat_id` and `message_thread_id` the way Telegram does before it looks at the content.
    func destination(_ p: SimulatorParameters) -> Result<Destination, SimulatedError> {
        guard let chat = chat(p.int("chat_id")) else { return .failure(.badRequest("chat not found")) }
        switch chat {
        case .user(let user):
            if blocked.contains(user.id) { return .failure(.blocked) }
            if p.int("message_thread_id") != nil { return .failure(.badRequest("message thread not found")) }
            return .success(Destination(chat: chat, threadID: nil))
        case .group(let group):
            switch group.botStatus {
            case "left":
                return .failure(
                    SimulatedError(code: 403, description: "Forbidden: bot is not a member of the supergroup chat"))
            case "kicked":
                return .failure(
                    SimulatedError(code: 403, description: "Forbidden: bot was kicked from the supergroup chat"))
            default: break
            }
            guard let threadID = p.int("message_thread_id") else {
                return .success(Destination(chat: chat, threadID: nil))
            }
            // Thread 1 is the General topic, which takes messages only without a thread id.
            guard group.isForum, let topic = group.topics[threadID] else {
                return .failure(.badRequest("message thread not found"))
            }
            if topic.closed { return .failure(.badRequest("TOPIC_CLOSED")) }
            return .success(Destination(chat: chat, threadID: threadID))
        }
    }

    /// Sends a message built by `fill` to a checked destination: message id, sender, chat,
    /// date, topic and reply as Telegram sets them; stored and returned.
    mutating func send(
        to destination: Destination, _ p: SimulatorParameters, now: Int64, _ fill: (inout JSONObject) -> Void
    ) -> Result<JSONValue, SimulatedError> {
        var threadID = destination.threadID
        var reply: JSONValue?
        if let parameters = p.json("reply_parameters") {
            let chatID = parameters["chat_id"]?.intValue ?? destination.chat.id
            if let id = parameters["message_id"]?.intValue, var replied = messages[chatID]?[id]?.objectValue {
                _ = replied.removeValue(forKey: "reply_to_message")
                reply = .object(replied)
                // A reply without a thread id goes to the topic of the message it answers.
                if threadID == nil, chatID == destination.chat.id, replied["is_topic_message"]?.boolValue == true {
                    threadID = replied["message_thread_id"]?.intValue
                    if let threadID, case .group(let g) = destination.chat, g.topics[threadID]?.closed == true {
                        return .failure(.badRequest("TOPIC_CLOSED"))
                    }
                }
            } else if parameters["allow_sending_without_reply"]?.boolValue != true {
                return .failure(.badRequest("message to be replied not found"))
            }
        }
        let messageID: Int64
        switch destination.chat {
        case .user: messageID = takeMessageID()
        case .group(let g): messageID = groups[g.id]!.takeMessageID()
        }
        var message: JSONObject = ["message_id": .int(messageID)]
        if let threadID {
            message["message_thread_id"] = .int(threadID)
            // Inside a topic, a message that answers nothing else answers the topic's first message.
            if reply == nil, var created = messages[destination.chat.id]?[threadID]?.objectValue {
                _ = created.removeValue(forKey: "reply_to_message")
                reply = .object(created)
            }
        }
        message["from"] = userJSON
        message["chat"] = destination.chat.json
        message["date"] = .int(now)
        if let reply { message["reply_to_message"] = reply }
        fill(&message)
        if threadID != nil { message["is_topic_message"] = true }
        if let markup = p.json("reply_markup") { message["reply_markup"] = markup }
        record(message)
        sent.append(.object(message))
        return .success(.object(message))
    }

    mutating func sendFile(kind: String, _ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        let destination: Destination
        switch self.destination(p) {
        case .success(let d): destination = d
        case .failure(let e): return .failure(e)
        }
        let caption = p.string("caption")
        if let caption, caption.count > 1024 { return .failure(.badRequest("message caption is too long")) }
        let file: StoredFile
        switch resolveFile(kind: kind, p) {
        case .success(let f): file = f
        case .failure(let e): return .failure(e)
        }
        let attachment: JSONValue
        if kind == "photo" {
            var size = file.reference
            let dims = ImageSize.of(file.bytes) ?? (0, 0)
            size["width"] = .int(dims.width)
            size["height"] = .int(dims.height)
            attachment = [.object(size)]
        } else {
            var document = file.reference
            if let name = file.fileName { document["file_name"] = .string(name) }
            if let type = file.mimeType { document["mime_type"] = .string(type) }
            attachment = .object(document)
        }
        return send(to: destination, p, now: now) { message in
            message[kind] = attachment
            if let caption, !caption.isEmpty { message["caption"] = .string(caption) }
        }
    }

    /// The file of a `photo`/`document` parameter: an upload (the part itself or
    /// `attach://<name>`) or a `file_id` the bot has.
    mutating func resolveFile(kind: String, _ p: SimulatorParameters) -> Result<StoredFile, SimulatedError> {
        var upload = p.files[kind]
        if upload == nil, let value = p.string(kind), value.hasPrefix("attach://") {
            upload = p.files[String(value.dropFirst(9))]
        }
        if let upload {
            if kind == "photo" {
                guard upload.bytes.count <= Self.maxPhotoBytes, ImageSize.of(upload.bytes) != nil else {
                    return .failure(.badRequest("IMAGE_PROCESS_FAILED"))
                }
            }
            let mime = upload.contentType == "application/octet-stream" ? nil : upload.contentType
            return .success(
                storeFile(
                    kind: kind, bytes: upload.bytes, fileName: kind == "photo" ? nil : upload.fileName,
                    mimeType: kind == "photo" ? nil : mime))
        }
        guard let value = p.string(kind), !value.isEmpty else {
            return .failure(.badRequest("there is no \(kind) in the request"))
        }
        if value.hasPrefix("http://") || value.hasPrefix("https://") {
            // The simulator fetches nothing from the internet.
            return .failure(.badRequest("failed to get HTTP URL content"))
        }
        guard let file = files[value], file.kind == kind || (kind == "document" && file.kind != "photo") else {
            return .failure(.badRequest("wrong file identifier/HTTP URL specified"))
        }
        return .success(file)
    }

    /// The keys that make up a message's content, which a copy takes over.
    static let copiedKeys = [
        "text", "entities", "photo", "document", "voice", "video", "sticker", "contact", "caption", "caption_entities",
    ]

    mutating func copyMessage(_ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        guard let fromID = p.int("from_chat_id"), chat(fromID) != nil else {
            return .failure(.badRequest("chat not found"))
        }
        let destination: Destination
        switch self.destination(p) {
        case .success(let d): destination = d
        case .failure(let e): return .failure(e)
        }
        guard let id = p.int("message_id"), let original = messages[fromID]?[id]?.objectValue else {
            return .failure(.badRequest("message to copy not found"))
        }
        let content = Self.copiedKeys.compactMap { key in original[key].map { (key, $0) } }
        guard content.contains(where: { $0.0 != "entities" && $0.0 != "caption_entities" }) else {
            return .failure(.badRequest("message can't be copied"))
        }
        let caption = p.string("caption")
        if let caption, caption.count > 1024 { return .failure(.badRequest("message caption is too long")) }
        let result = send(to: destination, p, now: now) { message in
            for (key, value) in content { message[key] = value }
            if let caption {
                _ = message.removeValue(forKey: "caption_entities")
                message["caption"] = .string(caption)
            }
        }
        return result.map { ["message_id": $0["message_id"] ?? 0] }
    }

    func getFile(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        guard let id = p.string("file_id"), let file = files[id] else {
            return .failure(.badRequest("invalid file_id"))
        }
        guard file.bytes.count <= Self.maxDownloadBytes else { return .failure(.badRequest("file is too big")) }
        var o = file.reference
        o["file_path"] = .string(file.path)
        return .success(.object(o))
    }

    func getChat(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        if let username = p.string("chat_id"), username.hasPrefix("@") {
            guard let channel = channels[username.dropFirst().lowercased()], case .object(var o) = channel.json else {
                return .failure(.badRequest("chat not found"))
            }
            o["accent_color_id"] = 0
            return .success(.object(o))
        }
        guard let chat = chat(p.int("chat_id")) else { return .failure(.badRequest("chat not found")) }
        guard case .object(var o) = chat.json else { return .failure(.badRequest("chat not found")) }
        o["accent_color_id"] = 0
        o["max_reaction_count"] = 11
        return .success(.object(o))
    }
}
