import Foundation
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import XCTest

/// The dialogs and staff-forum methods against the simulator over loopback: uploads, copies,
/// files, forum topics, and Telegram's error texts.
final class TelegramBotDialogsTests: XCTestCase {
    static let token = "5550002:SIMdialogsAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    static let user = TelegramUser(id: 4242, firstName: "Ann", username: "ann")
    static let staff = TelegramUser(id: 77, firstName: "Sam")
    var simulator: TelegramSimulator!
    var botID: Int64 = 0
    var bot: TelegramBot!

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        botID = try simulator.addBot(token: Self.token, username: "dialogs_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 3, maxRetryAfter: 5))
        bot = TelegramBot(token: Self.token, client: client)
        simulator.sendText(botID: botID, user: Self.user, text: "hello")
    }

    override func tearDown() { simulator?.shutdown() }

    /// A PNG signature and IHDR chunk: enough for Telegram (and the simulator) to read the size.
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        let be: (UInt32) -> [UInt8] = { v in [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + be(width)
            + be(height) + [8, 6, 0, 0, 0, 0, 0, 0, 0]
    }

    func badRequest(_ text: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) {
            XCTAssertEqual($0 as? BotAPIError, .badRequest("Bad Request: \(text)"), file: file, line: line)
        }
    }

    func forum(canManageTopics: Bool = true, isForum: Bool = true) -> Int64 {
        simulator.addGroup(botID: botID, title: "Staff", isForum: isForum, canManageTopics: canManageTopics)!
    }

    // MARK: Uploads and files

    func test_sendDocument_uploadRoundTripsEveryByteValueAndTheFileName() throws {
        let bytes = (0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) }
        let name = "Счёт \"май\" 2026.pdf"
        let sent = try bot.sendDocument(
            chatID: Self.user.id,
            document: .upload(FileUpload(bytes: bytes, fileName: name, mimeType: "application/pdf")),
            caption: "Ваш счёт")
        guard case .document(let document) = sent.kind else { return XCTFail("\(sent.kind)") }
        XCTAssertEqual(document.fileName, name)
        XCTAssertEqual(document.mimeType, "application/pdf")
        XCTAssertEqual(document.file.fileSize, Int64(bytes.count))
        XCTAssertEqual(sent.caption, "Ваш счёт")

        let file = try bot.getFile(fileID: document.file.fileID)
        XCTAssertEqual(file.file.fileUniqueID, document.file.fileUniqueID)
        let path = try XCTUnwrap(file.filePath)
        XCTAssertTrue(path.hasPrefix("documents/") && path.hasSuffix(".pdf"), path)
        XCTAssertEqual(try bot.downloadFile(path: path), bytes)

        let again = try bot.sendDocument(chatID: Self.user.id, document: .fileID(document.file.fileID))
        XCTAssertEqual(again.kind.file?.fileID, document.file.fileID, "a file_id sends the same file again")
    }

    func test_sendPhoto_uploadAnswersPhotoSizesAndFileIDReuse() throws {
        let sent = try bot.sendPhoto(
            chatID: Self.user.id,
            photo: .upload(FileUpload(bytes: Self.png(width: 640, height: 480), fileName: "p.png")),
            caption: "menu")
        guard case .photo(let sizes) = sent.kind else { return XCTFail("\(sent.kind)") }
        XCTAssertEqual(sizes.last?.width, 640)
        XCTAssertEqual(sizes.last?.height, 480)
        let again = try bot.sendPhoto(chatID: Self.user.id, photo: .fileID(sizes[0].file.fileID))
        XCTAssertEqual(again.kind.file?.fileID, sizes[0].file.fileID)
        XCTAssertTrue(try bot.getFile(fileID: sizes[0].file.fileID).filePath?.hasPrefix("photos/") == true)
    }

    func test_sendPhotoAndDocument_errorsHaveTelegramsTexts() {
        badRequest("IMAGE_PROCESS_FAILED") {
            try bot.sendPhoto(chatID: Self.user.id, photo: .upload(FileUpload(bytes: [1, 2, 3], fileName: "x.png")))
        }
        badRequest("wrong file identifier/HTTP URL specified") {
            try bot.sendPhoto(chatID: Self.user.id, photo: .fileID("AgACnope"))
        }
        badRequest("there is no photo in the request") { try bot.sendPhoto(chatID: Self.user.id, photo: .fileID("")) }
        badRequest("there is no document in the request") {
            try bot.sendDocument(chatID: Self.user.id, document: .fileID(""))
        }
        badRequest("message caption is too long") {
            try bot.sendDocument(
                chatID: Self.user.id, document: .upload(FileUpload(bytes: [0], fileName: "a")),
                caption: String(repeating: "x", count: 1025))
        }
        badRequest("chat not found") {
            try bot.sendDocument(chatID: 999, document: .upload(FileUpload(bytes: [0], fileName: "a")))
        }
        badRequest("invalid file_id") { _ = try bot.getFile(fileID: "nope") }
        XCTAssertThrowsError(try bot.downloadFile(path: "documents/none.bin")) {
            XCTAssertEqual($0 as? BotAPIError, .notFound("Not Found"))
        }
    }

    func test_uploads_getTheSame403And429AsOtherMethods() throws {
        simulator.injectFault(botID: botID, method: "sendDocument", count: 1, errorCode: 429, retryAfter: 1)
        let bytes: [UInt8] = [0, 13, 10, 255]
        let sent = try bot.sendDocument(
            chatID: Self.user.id, document: .upload(FileUpload(bytes: bytes, fileName: "a")))
        XCTAssertEqual(simulator.calls(botID: botID).suffix(2).map(\.status), [429, 200])
        XCTAssertEqual(
            simulator.fileBytes(botID: botID, fileID: try XCTUnwrap(sent.kind.file?.fileID)), bytes,
            "the retry sent the whole form again")

        simulator.setBlocked(botID: botID, user: Self.user, blocked: true, notify: false)
        XCTAssertThrowsError(
            try bot.sendPhoto(
                chatID: Self.user.id, photo: .upload(FileUpload(bytes: Self.png(width: 1, height: 1), fileName: "p")))
        ) { XCTAssertEqual($0 as? BotAPIError, .forbidden("Forbidden: bot was blocked by the user", blocked: true)) }
        simulator.injectFault(botID: botID, method: "createForumTopic", errorCode: 500)
        XCTAssertEqual(try bot.createForumTopic(chatID: forum(), name: "x").name, "x")
        XCTAssertEqual(simulator.calls(botID: botID).suffix(2).map(\.status), [500, 200], "a 5xx is retried")
        simulator.injectFault(botID: botID, method: "getFile", errorCode: 400, description: "Bad Request: simulated")
        badRequest("simulated") { _ = try bot.getFile(fileID: "x") }
    }

    // MARK: Forum topics

    func test_forumTopics_createSendCloseReopenEditDelete() throws {
        let chat = forum()
        XCTAssertTrue(try bot.getChat(chatID: chat).isForum)
        XCTAssertEqual(try bot.getChat(chatID: chat).type, "supergroup")
        XCTAssertFalse(try bot.getChat(chatID: Self.user.id).isForum)

        let topic = try bot.createForumTopic(chatID: chat, name: "Ann K · #4242")
        XCTAssertEqual(topic.name, "Ann K · #4242")
        XCTAssertEqual(topic.iconColor, 7_322_096)
        let colored = try bot.createForumTopic(chatID: chat, name: "Bo", iconColor: ForumTopic.iconColors[1])
        XCTAssertEqual(colored.iconColor, 0xFFD67E)
        XCTAssertNotEqual(colored.messageThreadID, topic.messageThreadID)

        let sent = try bot.sendMessage(chatID: chat, text: "New dialog", messageThreadID: topic.messageThreadID)
        XCTAssertEqual(sent.messageThreadID, topic.messageThreadID)
        let stored = simulator.chatMessages(botID: botID, chatID: chat).last
        XCTAssertEqual(stored?["is_topic_message"], true)
        XCTAssertEqual(stored?["reply_to_message"]?["forum_topic_created"]?["name"], "Ann K · #4242")

        let reply = try bot.sendMessage(
            chatID: chat, text: "answer", replyParameters: ReplyParameters(messageID: sent.messageID))
        XCTAssertEqual(reply.messageThreadID, topic.messageThreadID, "a reply goes to the replied message's topic")

        try bot.closeForumTopic(chatID: chat, messageThreadID: topic.messageThreadID)
        badRequest("TOPIC_CLOSED") {
            try bot.sendMessage(chatID: chat, text: "x", messageThreadID: topic.messageThreadID)
        }
        badRequest("TOPIC_NOT_MODIFIED") {
            try bot.closeForumTopic(chatID: chat, messageThreadID: topic.messageThreadID)
        }
        try bot.reopenForumTopic(chatID: chat, messageThreadID: topic.messageThreadID)
        badRequest("TOPIC_NOT_MODIFIED") {
            try bot.reopenForumTopic(chatID: chat, messageThreadID: topic.messageThreadID)
        }
        try bot.editForumTopic(chatID: chat, messageThreadID: topic.messageThreadID, name: "Ann K (VIP)")
        badRequest("TOPIC_NOT_MODIFIED") {
            try bot.editForumTopic(chatID: chat, messageThreadID: topic.messageThreadID, name: "Ann K (VIP)")
        }
        XCTAssertEqual(simulator.topics(botID: botID, chatID: chat).first?["name"], "Ann K (VIP)")
        let kinds = simulator.chatMessages(botID: botID, chatID: chat).compactMap { m in
            ["forum_topic_closed", "forum_topic_reopened", "forum_topic_edited"].first { m[$0] != nil }
        }
        XCTAssertEqual(kinds, ["forum_topic_closed", "forum_topic_reopened", "forum_topic_edited"])

        try bot.deleteForumTopic(chatID: chat, messageThreadID: topic.messageThreadID)
        badRequest("message thread not found") {
            try bot.sendMessage(chatID: chat, text: "x", messageThreadID: topic.messageThreadID)
        }
        badRequest("TOPIC_ID_INVALID") { try bot.closeForumTopic(chatID: chat, messageThreadID: topic.messageThreadID) }
        XCTAssertEqual(simulator.topics(botID: botID, chatID: chat).count, 1)
    }

    func test_forumTopics_errorsHaveTelegramsTexts() throws {
        let plain = forum(isForum: false)
        badRequest("the chat is not a forum") { _ = try bot.createForumTopic(chatID: plain, name: "x") }
        badRequest("the chat is not a forum") { _ = try bot.createForumTopic(chatID: Self.user.id, name: "x") }
        badRequest("chat not found") { _ = try bot.createForumTopic(chatID: -100_999, name: "x") }
        badRequest("message thread not found") { try bot.sendMessage(chatID: plain, text: "x", messageThreadID: 3) }
        badRequest("message thread not found") {
            try bot.sendMessage(chatID: Self.user.id, text: "x", messageThreadID: 3)
        }

        let chat = forum()
        badRequest("title must be non-empty") { _ = try bot.createForumTopic(chatID: chat, name: "  ") }
        badRequest("invalid message thread identifier specified") {
            try bot.closeForumTopic(chatID: chat, messageThreadID: 0)
        }
        badRequest("message thread not found") {
            try bot.sendMessage(chatID: chat, text: "x", messageThreadID: 1)
        }
        let long = try bot.createForumTopic(chatID: chat, name: String(repeating: "я", count: 200))
        XCTAssertEqual(long.name.count, 128, "Telegram cuts a long name")

        // Without can_manage_topics: no new topics, and no changes to topics others created.
        let byOthers = try bot.createForumTopic(chatID: chat, name: "made while admin")
        simulator.addGroup(botID: botID, id: chat, canManageTopics: false, canDeleteMessages: false)
        badRequest("not enough rights to create a topic") { _ = try bot.createForumTopic(chatID: chat, name: "x") }
        try bot.closeForumTopic(chatID: chat, messageThreadID: byOthers.messageThreadID)
        try bot.reopenForumTopic(chatID: chat, messageThreadID: byOthers.messageThreadID)

        simulator.addGroup(botID: botID, id: chat, botStatus: "left")
        XCTAssertThrowsError(try bot.sendMessage(chatID: chat, text: "x")) {
            XCTAssertEqual(
                $0 as? BotAPIError, .forbidden("Forbidden: bot is not a member of the supergroup chat", blocked: false))
        }
    }

    func test_replyParameters_missingMessageAndAllowSendingWithoutReply() throws {
        badRequest("message to be replied not found") {
            try bot.sendMessage(chatID: Self.user.id, text: "x", replyParameters: ReplyParameters(messageID: 999))
        }
        let sent = try bot.sendMessage(
            chatID: Self.user.id, text: "x",
            replyParameters: ReplyParameters(messageID: 999, allowSendingWithoutReply: true))
        XCTAssertEqual(sent.text, "x")
        let first = try XCTUnwrap(
            simulator.chatMessages(botID: botID, chatID: Self.user.id).first?["message_id"]?.intValue)
        try bot.sendMessage(chatID: Self.user.id, text: "re", replyParameters: ReplyParameters(messageID: first))
        XCTAssertEqual(
            simulator.sentMessages(botID: botID, chatID: Self.user.id).last?["reply_to_message"]?["text"], "hello")
    }

    // MARK: Copies

    func test_copyMessage_copiesEveryKindIntoATopicAndBack() throws {
        let chat = forum()
        let topic = try bot.createForumTopic(chatID: chat, name: "Ann")
        let contents: [JSONValue] = [
            [
                "photo": ["base64": .string(Data(Self.png(width: 20, height: 10)).base64EncodedString())],
                "caption": "pic",
            ],
            ["document": ["file_name": "a.txt", "mime_type": "text/plain"]],
            ["voice": ["duration": 4]], ["video": ["duration": 2]], ["sticker": ["emoji": "🐱"]],
            ["contact": ["phone_number": "+10000000000", "first_name": "Ann", "user_id": 4242]], ["text": "plain"],
        ]
        for content in contents {
            try simulator.sendUserMessage(botID: botID, user: Self.user, content: content)
            let original = try XCTUnwrap(simulator.chatMessages(botID: botID, chatID: Self.user.id).last)
            let copyID = try bot.copyMessage(
                chatID: chat, fromChatID: Self.user.id, messageID: try XCTUnwrap(original["message_id"]?.intValue),
                messageThreadID: topic.messageThreadID)
            let copy = try XCTUnwrap(simulator.chatMessages(botID: botID, chatID: chat).last)
            XCTAssertEqual(copy["message_id"]?.intValue, copyID)
            XCTAssertEqual(copy["message_thread_id"]?.intValue, topic.messageThreadID)
            let key = try XCTUnwrap(content.objectValue?.keys.first)
            XCTAssertEqual(copy[key], original[key], key)
            XCTAssertEqual(copy["caption"], original["caption"])
        }
        // A staff member's answer in the topic goes back to the customer.
        try simulator.sendGroupMessage(
            botID: botID, chatID: chat, from: Self.staff, threadID: topic.messageThreadID, content: ["text": "Hi Ann"])
        let answer = try XCTUnwrap(simulator.chatMessages(botID: botID, chatID: chat).last?["message_id"]?.intValue)
        try bot.copyMessage(chatID: Self.user.id, fromChatID: chat, messageID: answer)
        XCTAssertEqual(simulator.sentMessages(botID: botID, chatID: Self.user.id).last?["text"], "Hi Ann")

        badRequest("message to copy not found") {
            try bot.copyMessage(chatID: chat, fromChatID: Self.user.id, messageID: 999)
        }
        badRequest("message can't be copied") {
            try bot.copyMessage(chatID: Self.user.id, fromChatID: chat, messageID: topic.messageThreadID)
        }
        badRequest("chat not found") { try bot.copyMessage(chatID: chat, fromChatID: 31337, messageID: 1) }
    }
}
