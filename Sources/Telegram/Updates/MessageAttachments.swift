import TesseraJSON

/// A file Telegram stores: `file_id` to send or download it again (per bot), `file_unique_id`
/// the same file for every bot (not usable for sending).
public struct FileReference: Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var fileSize: Int64?

    public init(fileID: String, fileUniqueID: String, fileSize: Int64? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileSize = fileSize
    }

    init?(_ value: JSONValue) {
        guard let id = value["file_id"]?.stringValue, let unique = value["file_unique_id"]?.stringValue else {
            return nil
        }
        self.init(fileID: id, fileUniqueID: unique, fileSize: value["file_size"]?.intValue)
    }
}

/// One size of a photo (`PhotoSize`); a photo message carries several, the largest last.
public struct PhotoSize: Sendable, Equatable {
    public var file: FileReference
    public var width: Int64
    public var height: Int64

    init?(_ value: JSONValue) {
        guard let file = FileReference(value), let width = value["width"]?.intValue,
            let height = value["height"]?.intValue
        else { return nil }
        self.file = file
        self.width = width
        self.height = height
    }
}

/// A general file (`Document`).
public struct Document: Sendable, Equatable {
    public var file: FileReference
    public var fileName: String?
    public var mimeType: String?

    init?(_ value: JSONValue) {
        guard let file = FileReference(value) else { return nil }
        self.file = file
        fileName = value["file_name"]?.stringValue
        mimeType = value["mime_type"]?.stringValue
    }
}

/// A voice note (`Voice`, OGG/Opus); `duration` in seconds.
public struct Voice: Sendable, Equatable {
    public var file: FileReference
    public var duration: Int64
    public var mimeType: String?

    init?(_ value: JSONValue) {
        guard let file = FileReference(value), let duration = value["duration"]?.intValue else { return nil }
        self.file = file
        self.duration = duration
        mimeType = value["mime_type"]?.stringValue
    }
}

/// A video (`Video`); `duration` in seconds.
public struct Video: Sendable, Equatable {
    public var file: FileReference
    public var width: Int64
    public var height: Int64
    public var duration: Int64
    public var fileName: String?
    public var mimeType: String?

    init?(_ value: JSONValue) {
        guard let file = FileReference(value), let width = value["width"]?.intValue,
            let height = value["height"]?.intValue, let duration = value["duration"]?.intValue
        else { return nil }
        self.file = file
        self.width = width
        self.height = height
        self.duration = duration
        fileName = value["file_name"]?.stringValue
        mimeType = value["mime_type"]?.stringValue
    }
}

/// A sticker (`Sticker`): `regular`, `mask` or `custom_emoji`.
public struct Sticker: Sendable, Equatable {
    public var file: FileReference
    public var type: String
    public var width: Int64
    public var height: Int64
    public var isAnimated: Bool
    public var isVideo: Bool
    public var emoji: String?
    public var setName: String?

    init?(_ value: JSONValue) {
        guard let file = FileReference(value), let type = value["type"]?.stringValue,
            let width = value["width"]?.intValue, let height = value["height"]?.intValue
        else { return nil }
        self.file = file
        self.type = type
        self.width = width
        self.height = height
        isAnimated = value["is_animated"]?.boolValue ?? false
        isVideo = value["is_video"]?.boolValue ?? false
        emoji = value["emoji"]?.stringValue
        setName = value["set_name"]?.stringValue
    }
}

/// A shared contact (`Contact`); `userID` when the contact is a Telegram user.
public struct Contact: Sendable, Equatable {
    public var phoneNumber: String
    public var firstName: String
    public var lastName: String?
    public var userID: Int64?

    init?(_ value: JSONValue) {
        guard let phone = value["phone_number"]?.stringValue, let firstName = value["first_name"]?.stringValue else {
            return nil
        }
        phoneNumber = phone
        self.firstName = firstName
        lastName = value["last_name"]?.stringValue
        userID = value["user_id"]?.intValue
    }
}

/// `forum_topic_created`: the service message that opens a topic (its id is the topic's
/// `message_thread_id`).
public struct ForumTopicCreated: Sendable, Equatable {
    public var name: String
    public var iconColor: Int64
    public var iconCustomEmojiID: String?

    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue, let color = value["icon_color"]?.intValue else { return nil }
        self.name = name
        iconColor = color
        iconCustomEmojiID = value["icon_custom_emoji_id"]?.stringValue
    }
}
