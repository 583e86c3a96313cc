import Telegram
import TesseraJSON
import XCTest

/// Attachments, contacts, forum topics and replies in `message` updates, in Telegram's shapes.
final class MessageKindTests: XCTestCase {
    func message(_ body: String) throws -> IncomingMessage {
        let json =
            #"{"update_id":1,"message":{"message_id":7,"from":{"id":42,"is_bot":false,"first_name":"Ann"},"chat":{"id":42,"type":"private"},"date":1700000000,"#
            + body + "}}"
        guard case .message(let m) = try TelegramUpdate.parse(Array(json.utf8)).content else {
            throw UpdateParseError("not a message")
        }
        return m
    }

    func test_parse_photoSizesWithCaption() throws {
        let m = try message(
            #""photo":[{"file_id":"s","file_unique_id":"us","file_size":900,"width":90,"height":67},{"file_id":"b","file_unique_id":"ub","width":1280,"height":960}],"caption":"look""#
        )
        guard case .photo(let sizes) = m.kind else { return XCTFail("\(m.kind)") }
        XCTAssertEqual(sizes.map(\.width), [90, 1280])
        XCTAssertEqual(sizes[0].file.fileSize, 900)
        XCTAssertEqual(m.kind.file?.fileID, "b", "the largest size")
        XCTAssertEqual(m.caption, "look")
        XCTAssertNil(m.text)
    }

    func test_parse_documentVoiceVideoSticker() throws {
        let document = try message(
            #""document":{"file_name":"Счёт.pdf","mime_type":"application/pdf","file_id":"d","file_unique_id":"ud","file_size":3}"#
        )
        guard case .document(let d) = document.kind else { return XCTFail("\(document.kind)") }
        XCTAssertEqual(d.fileName, "Счёт.pdf")
        XCTAssertEqual(d.mimeType, "application/pdf")

        let voice = try message(#""voice":{"duration":3,"mime_type":"audio/ogg","file_id":"v","file_unique_id":"uv"}"#)
        XCTAssertEqual(voice.kind.file?.fileID, "v")
        guard case .voice(let v) = voice.kind else { return XCTFail("\(voice.kind)") }
        XCTAssertEqual(v.duration, 3)

        let video = try message(
            #""video":{"duration":2,"width":640,"height":360,"file_name":"a.mp4","mime_type":"video/mp4","file_id":"m","file_unique_id":"um"}"#
        )
        guard case .video(let vi) = video.kind else { return XCTFail("\(video.kind)") }
        XCTAssertEqual(vi.width, 640)

        let sticker = try message(
            #""sticker":{"width":512,"height":512,"emoji":"😀","set_name":"Cats","is_animated":false,"is_video":true,"type":"regular","file_id":"k","file_unique_id":"uk"}"#
        )
        guard case .sticker(let s) = sticker.kind else { return XCTFail("\(sticker.kind)") }
        XCTAssertEqual(s.emoji, "😀")
        XCTAssertTrue(s.isVideo)
    }

    func test_parse_contactWithUserID() throws {
        let m = try message(
            #""contact":{"phone_number":"+79001234567","first_name":"Ann","last_name":"K","user_id":42}"#)
        guard case .contact(let c) = m.kind else { return XCTFail("\(m.kind)") }
        XCTAssertEqual(c.phoneNumber, "+79001234567")
        XCTAssertEqual(c.userID, 42)
        XCTAssertEqual(c.lastName, "K")
    }

    func test_parse_topicMessageWithThreadAndReplyToTheTopicsFirstMessage() throws {
        let json =
            #"{"update_id":2,"message":{"message_id":12,"message_thread_id":5,"from":{"id":7,"is_bot":false,"first_name":"Staff"},"chat":{"id":-1001,"title":"Staff","is_forum":true,"type":"supergroup"},"date":0,"reply_to_message":{"message_id":5,"message_thread_id":5,"from":{"id":1,"is_bot":true,"first_name":"Bot"},"chat":{"id":-1001,"title":"Staff","is_forum":true,"type":"supergroup"},"date":0,"forum_topic_created":{"name":"Ann K","icon_color":7322096},"is_topic_message":true},"text":"hello","is_topic_message":true}}"#
        guard case .message(let m) = try TelegramUpdate.parse(Array(json.utf8)).content else { return XCTFail() }
        XCTAssertEqual(m.chatType, "supergroup")
        XCTAssertEqual(m.messageThreadID, 5)
        XCTAssertTrue(m.isTopicMessage)
        XCTAssertEqual(m.kind, .text("hello"))
        XCTAssertEqual(m.replyToMessage?.messageID, 5)
        XCTAssertEqual(m.replyToMessage?.from?.id, 1)
        guard case .forumTopicCreated(let created) = m.replyToMessage?.kind else { return XCTFail("no topic") }
        XCTAssertEqual(created, try XCTUnwrap(Self.topic("Ann K", 7_322_096)))
    }

    func test_parse_forumTopicServiceMessages() throws {
        XCTAssertEqual(
            try message(#""message_thread_id":5,"forum_topic_closed":{},"is_topic_message":true"#).kind,
            .forumTopicClosed)
        XCTAssertEqual(try message(#""forum_topic_reopened":{}"#).kind, .forumTopicReopened)
        let created = try message(
            #""forum_topic_created":{"name":"T","icon_color":16766590,"icon_custom_emoji_id":"5"}"#)
        guard case .forumTopicCreated(let t) = created.kind else { return XCTFail("\(created.kind)") }
        XCTAssertEqual(t.iconCustomEmojiID, "5")
    }

    func test_parse_unknownKindIsUnsupportedWithItsKeys() throws {
        let m = try message(#""poll":{"id":"p"},"has_protected_content":true,"reply_markup":{}"#)
        XCTAssertEqual(m.kind, .unsupported(keys: ["poll"]))
        XCTAssertNil(m.kind.file)
    }

    func test_parse_malformedAttachmentIsUnsupportedAndTheUpdateStillParses() throws {
        XCTAssertEqual(try message(#""photo":[{"file_id":"no sizes"}]"#).kind, .unsupported(keys: ["photo"]))
        XCTAssertEqual(try message(#""photo":[]"#).kind, .unsupported(keys: ["photo"]))
        XCTAssertEqual(try message(#""contact":{"first_name":"no phone"}"#).kind, .unsupported(keys: ["contact"]))
        XCTAssertEqual(try message(#""voice":"oops""#).kind, .unsupported(keys: ["voice"]))
        let reply = try message(#""text":"x","reply_to_message":{"no":"ids"}"#)
        XCTAssertNil(reply.replyToMessage)
        XCTAssertEqual(reply.kind, .text("x"))
    }

    func test_parse_paymentKindAndPlainMessagesKeepTheirFields() throws {
        let paid = try message(
            #""successful_payment":{"currency":"XTR","total_amount":5,"invoice_payload":"p","telegram_payment_charge_id":"c"}"#
        )
        XCTAssertEqual(paid.kind, .payment)
        XCTAssertFalse(paid.isTopicMessage)
        XCTAssertNil(paid.messageThreadID)
    }

    static func topic(_ name: String, _ color: Int64) throws -> ForumTopicCreated? {
        let json =
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":1},"date":0,"forum_topic_created":{"name":""#
            + name + #"","icon_color":"# + String(color) + "}}}"
        guard case .message(let m) = try TelegramUpdate.parse(Array(json.utf8)).content,
            case .forumTopicCreated(let t) = m.kind
        else { return nil }
        return t
    }
}
