import Telegram
import TesseraCrypto
import TesseraJSON

/// A supergroup the bot is in: a forum when `isForum` (topics with thread ids).
struct SimulatedGroup: Sendable {
    var id: Int64
    var title: String
    var isForum: Bool
    /// `administrator`, `member`, `left` or `kicked`.
    var botStatus: String
    var canManageTopics: Bool
    var canDeleteMessages: Bool
    /// Message ids are per supergroup; 1 is the forum's General topic, so ids start at 2.
    var nextMessageID: Int64 = 2
    var topics: [Int64: SimulatedTopic] = [:]

    var chatJSON: JSONValue {
        var o: JSONObject = ["id": .int(id), "title": .string(title)]
        if isForum { o["is_forum"] = true }
        o["type"] = "supergroup"
        return .object(o)
    }

    mutating func takeMessageID() -> Int64 {
        defer { nextMessageID += 1 }
        return nextMessageID
    }

    /// The bot's `ChatMember` in this group (an administrator's rights, as getChatMember shows them).
    func botMemberJSON(_ bot: JSONValue) -> JSONValue {
        var o: JSONObject = ["user": bot, "status": .string(botStatus)]
        if botStatus == "administrator" {
            o["can_be_edited"] = false
            o["is_anonymous"] = false
            o["can_manage_chat"] = true
            o["can_delete_messages"] = .bool(canDeleteMessages)
            o["can_invite_users"] = true
            o["can_pin_messages"] = true
            o["can_manage_topics"] = .bool(canManageTopics)
        }
        return .object(o)
    }
}

/// A forum topic; its id is the id of its `forum_topic_created` message.
struct SimulatedTopic: Sendable {
    var threadID: Int64
    var name: String
    var iconColor: Int64
    var iconCustomEmojiID: String?
    var closed = false
    /// Topics the bot created: it may edit, close and delete them without admin rights (as in TDLib).
    var createdByBot: Bool
}

/// A file uploaded to (or pushed through) the simulator, downloadable by `path`.
struct StoredFile: Sendable {
    /// `photo`, `document`, `voice`, `video` or `sticker`.
    var kind: String
    var fileID: String
    var fileUniqueID: String
    var path: String
    var bytes: [UInt8]
    var fileName: String?
    var mimeType: String?

    var reference: JSONObject {
        ["file_id": .string(fileID), "file_unique_id": .string(fileUniqueID), "file_size": .int(Int64(bytes.count))]
    }
}

/// A chat the bot can send to.
enum SimulatedChat {
    case user(TelegramUser)
    case group(SimulatedGroup)

    var id: Int64 {
        switch self {
        case .user(let u): u.id
        case .group(let g): g.id
        }
    }

    var json: JSONValue {
        switch self {
        case .user(let u): privateChatJSON(u)
        case .group(let g): g.chatJSON
        }
    }
}

extension SimulatedBot {
    /// The chat of `chat_id` (a user's private chat or a known supergroup).
    func chat(_ id: Int64?) -> SimulatedChat? {
        guard let id else { return nil }
        if let user = users[id] { return .user(user) }
        return groups[id].map { .group($0) }
    }

    /// Stores a message so replies and copies can find it.
    mutating func record(_ message: JSONObject) {
        guard let chat = message["chat"]?["id"]?.intValue, let id = message["message_id"]?.intValue else { return }
        messages[chat, default: [:]][id] = .object(message)
    }

    /// Stores bytes as a new file of `kind` (a new `file_id` for every upload, as Telegram does).
    mutating func storeFile(kind: String, bytes: [UInt8], fileName: String?, mimeType: String?) -> StoredFile {
        nextFileNumber += 1
        let (prefix, folder, defaultExtension) = Self.fileLayout[kind] ?? ("BQAC", "documents", "bin")
        var ext = defaultExtension
        if let fileName, let dot = fileName.lastIndex(of: "."), fileName.index(after: dot) < fileName.endIndex {
            let candidate = fileName[fileName.index(after: dot)...].lowercased()
            if candidate.count <= 8, candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                ext = candidate
            }
        }
        let file = StoredFile(
            kind: kind, fileID: prefix + Base64URL.encode(SecureRandom.bytes(30)),
            fileUniqueID: "AgAD" + Base64URL.encode(SecureRandom.bytes(9)),
            path: "\(folder)/file_\(nextFileNumber).\(ext)", bytes: bytes, fileName: fileName, mimeType: mimeType)
        files[file.fileID] = file
        return file
    }

    /// `file_id` prefix, download folder and default extension per kind (Telegram's folders).
    static let fileLayout: [String: (String, String, String)] = [
        "photo": ("AgAC", "photos", "jpg"), "document": ("BQAC", "documents", "bin"),
        "voice": ("AwAC", "voice", "oga"), "video": ("BAAC", "videos", "mp4"), "sticker": ("CAAC", "stickers", "webp"),
    ]
}

/// Width and height of a PNG or JPEG, read from its header (enough to answer `sendPhoto`).
enum ImageSize {
    static func of(_ bytes: [UInt8]) -> (width: Int64, height: Int64)? {
        if bytes.count >= 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            let w = bytes[16..<20].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            let h = bytes[20..<24].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            return w > 0 && h > 0 ? (w, h) : nil
        }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            // SOF0…SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let h = Int64(bytes[i + 5]) << 8 | Int64(bytes[i + 6])
                let w = Int64(bytes[i + 7]) << 8 | Int64(bytes[i + 8])
                return w > 0 && h > 0 ? (w, h) : nil
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }
}
