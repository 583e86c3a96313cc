import TesseraJSON

/// What a message holds. A kind Tessera does not know (a poll, a location, …) or an attachment
/// that does not parse is `unsupported` with the message's own keys, never an error: a new kind
/// of message must not make the whole update unreadable.
public enum MessageKind: Sendable, Equatable {
    case text(String)
    /// Sizes of one photo, the largest last.
    case photo([PhotoSize])
    case document(Document)
    case voice(Voice)
    case video(Video)
    case sticker(Sticker)
    case contact(Contact)
    case forumTopicCreated(ForumTopicCreated)
    case forumTopicClosed
    case forumTopicReopened
    /// `successful_payment` or `refunded_payment` (typed on `IncomingMessage`).
    case payment
    /// The message's keys beyond the envelope (`message_id`, `from`, `chat`, `date`, …), sorted.
    case unsupported(keys: [String])

    /// The keys every message may carry whatever it holds.
    static let envelope: Set<String> = [
        "message_id", "message_thread_id", "from", "sender_chat", "sender_boost_count", "sender_business_bot",
        "date", "business_connection_id", "chat", "forward_origin", "is_topic_message", "is_automatic_forward",
        "reply_to_message", "external_reply", "quote", "reply_to_story", "via_bot", "edit_date",
        "has_protected_content", "is_from_offline", "media_group_id", "author_signature", "entities",
        "caption", "caption_entities", "show_caption_above_media", "has_media_spoiler", "link_preview_options",
        "effect_id", "reply_markup", "paid_star_count", "direct_messages_topic", "reply_to_checklist_task_id",
        "is_paid_post", "suggested_post_info",
    ]

    /// Reads the kind from a `Message` object; never fails.
    public init(message value: JSONValue) {
        if let text = value["text"]?.stringValue {
            self = .text(text)
        } else if let sizes = value["photo"]?.arrayValue {
            let parsed = sizes.compactMap(PhotoSize.init)
            self = parsed.count == sizes.count && !parsed.isEmpty ? .photo(parsed) : Self.unsupported(value)
        } else if let v = value["sticker"] {
            self = Sticker(v).map { .sticker($0) } ?? Self.unsupported(value)
        } else if let v = value["voice"] {
            self = Voice(v).map { .voice($0) } ?? Self.unsupported(value)
        } else if let v = value["video"] {
            self = Video(v).map { .video($0) } ?? Self.unsupported(value)
        } else if let v = value["document"] {
            // An animation also carries `document` (Telegram keeps it for older clients).
            self = Document(v).map { .document($0) } ?? Self.unsupported(value)
        } else if let v = value["contact"] {
            self = Contact(v).map { .contact($0) } ?? Self.unsupported(value)
        } else if let v = value["forum_topic_created"] {
            self = ForumTopicCreated(v).map { .forumTopicCreated($0) } ?? Self.unsupported(value)
        } else if value["forum_topic_closed"] != nil {
            self = .forumTopicClosed
        } else if value["forum_topic_reopened"] != nil {
            self = .forumTopicReopened
        } else if value["successful_payment"] != nil || value["refunded_payment"] != nil {
            self = .payment
        } else {
            self = Self.unsupported(value)
        }
    }

    static func unsupported(_ value: JSONValue) -> MessageKind {
        .unsupported(keys: (value.objectValue?.keys ?? []).filter { !envelope.contains($0) }.sorted())
    }

    /// The file to fetch with `getFile`, for kinds that have one (a photo's largest size).
    public var file: FileReference? {
        switch self {
        case .photo(let sizes): sizes.last?.file
        case .document(let d): d.file
        case .voice(let v): v.file
        case .video(let v): v.file
        case .sticker(let s): s.file
        default: nil
        }
    }
}
