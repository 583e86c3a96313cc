import Foundation
import HTTP
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import XCTest

/// Supergroups, forum topics, pushed attachments and file downloads over real loopback HTTP.
final class SimulatorForumTests: XCTestCase {
    static let token = "6660003:SIMforumAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    var simulator: TelegramSimulator!
    var hook: WebhookRecorder!
    let transport = HTTPTransport(timeout: 5)

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        try simulator.addBot(token: Self.token, username: "forum_bot")
        hook = try WebhookRecorder()
        _ = try post("/bot\(Self.token)/setWebhook", #"{"url":"\#(hook.url)"}"#)
    }

    override func tearDown() {
        hook?.stop()
        simulator?.shutdown()
    }

    func post(_ path: String, _ body: String = "{}", contentType: String = "application/json") throws -> (
        status: Int, json: JSONValue
    ) {
        let response = try transport.send(
            method: "POST", url: URL(string: simulator.baseURL + path)!, headers: [("Content-Type", contentType)],
            body: Array(body.utf8))
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func lastMessage() throws -> IncomingMessage {
        let update = try XCTUnwrap(hook.received.last?.update)
        guard case .message(let m) = try TelegramUpdate.parse(update).content else {
            throw UpdateParseError("no message")
        }
        return m
    }

    func test_controlAPI_createsAForumWhereTheBotManagesTopics() throws {
        let created = try post("/sim/bots/forum_bot/groups", #"{"title":"Support","can_manage_topics":false}"#)
        XCTAssertEqual(created.status, 201)
        let chat = try XCTUnwrap(created.json["id"]?.intValue)
        XCTAssertLessThan(chat, -1_000_000_000_000)
        XCTAssertEqual(created.json["is_forum"], true)
        XCTAssertEqual(created.json["can_manage_topics"], false)

        let denied = try post("/bot\(Self.token)/createForumTopic", #"{"chat_id":\#(chat),"name":"Ann"}"#)
        XCTAssertEqual(denied.status, 400)
        XCTAssertEqual(denied.json["description"], "Bad Request: not enough rights to create a topic")
        _ = try post("/sim/bots/forum_bot/groups", #"{"id":\#(chat)}"#)
        let member = try post("/bot\(Self.token)/getChatMember", #"{"chat_id":\#(chat),"user_id":6660003}"#)
        XCTAssertEqual(member.json["result"]?["status"], "administrator")
        XCTAssertEqual(member.json["result"]?["can_manage_topics"], true)
        let topic = try post("/bot\(Self.token)/createForumTopic", #"{"chat_id":\#(chat),"name":"Ann"}"#)
        XCTAssertEqual(topic.json["result"], ["message_thread_id": 2, "name": "Ann", "icon_color": 7_322_096])

        let read = try transport.send(
            method: "GET", url: URL(string: simulator.baseURL + "/sim/bots/forum_bot/groups/\(chat)")!)
        let group = try JSONParser.parse(read.body)
        XCTAssertEqual(group["title"], "Support", "changing the rights keeps the title")
        XCTAssertEqual(group["topics"]?[0]?["name"], "Ann")
        XCTAssertEqual(group["messages"]?[0]?["forum_topic_created"]?["name"], "Ann")
        let bot = try JSONParser.parse(
            try transport.send(method: "GET", url: URL(string: simulator.baseURL + "/sim/bots/forum_bot")!).body)
        XCTAssertEqual(bot["groups"], [.int(chat)])
        XCTAssertEqual(try post("/sim/bots/forum_bot/groups", #"{"bot_status":"owner"}"#).status, 400)
        XCTAssertEqual(try post("/sim/bots/forum_bot/groups/-5/messages").status, 404)
    }

    func test_staffMessageInATopic_arrivesWithThreadIDAndIsTopicMessage() throws {
        let chat = try XCTUnwrap(simulator.addGroup(botID: 6_660_003))
        let topic = try post("/bot\(Self.token)/createForumTopic", #"{"chat_id":\#(chat),"name":"Ann"}"#)
        let thread = try XCTUnwrap(topic.json["result"]?["message_thread_id"]?.intValue)
        let pushed = try post(
            "/sim/bots/forum_bot/groups/\(chat)/messages",
            #"{"from":{"id":77,"first_name":"Sam"},"message_thread_id":\#(thread),"text":"Hello Ann"}"#)
        XCTAssertEqual(pushed.json["delivered"], true)
        let m = try lastMessage()
        XCTAssertEqual(m.chatID, chat)
        XCTAssertEqual(m.chatType, "supergroup")
        XCTAssertEqual(m.from?.id, 77)
        XCTAssertEqual(m.messageThreadID, thread)
        XCTAssertTrue(m.isTopicMessage)
        XCTAssertEqual(m.kind, .text("Hello Ann"))
        XCTAssertEqual(m.replyToMessage?.messageID, thread)
        XCTAssertEqual(hook.received.last?.update["message"]?["chat"]?["is_forum"], true)

        let photo = try post(
            "/sim/bots/forum_bot/groups/\(chat)/messages",
            #"{"from":{"id":77,"first_name":"Sam"},"message_thread_id":\#(thread),"photo":{},"caption":"menu"}"#)
        XCTAssertEqual(photo.json["delivered"], true)
        guard case .photo = try lastMessage().kind else { return XCTFail("not a photo") }

        _ = try post("/bot\(Self.token)/closeForumTopic", #"{"chat_id":\#(chat),"message_thread_id":\#(thread)}"#)
        let closed = try post(
            "/sim/bots/forum_bot/groups/\(chat)/messages",
            #"{"from":{"id":77,"first_name":"Sam"},"message_thread_id":\#(thread),"text":"late"}"#)
        XCTAssertEqual(closed.status, 400)
        XCTAssertEqual(closed.json["error"]?["message"], "Bad Request: TOPIC_CLOSED")
        let general = try post(
            "/sim/bots/forum_bot/groups/\(chat)/messages", #"{"from":{"id":77,"first_name":"Sam"},"text":"general"}"#)
        XCTAssertEqual(general.json["delivered"], true)
        XCTAssertFalse(try lastMessage().isTopicMessage)
    }

    func test_userMessages_withPhotoDocumentVoiceStickerContact() throws {
        let png = Data([
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0,
            200,
        ])
        let bodies = [
            #"{"photo":{"base64":"\#(png.base64EncodedString())"},"caption":"my cat"}"#,
            #"{"document":{"base64":"AAEC/w==","file_name":"Паспорт.pdf","mime_type":"application/pdf"}}"#,
            #"{"voice":{"duration":5}}"#, #"{"sticker":{"emoji":"🐱","set_name":"Cats"}}"#,
            #"{"contact":{"phone_number":"+79001234567","first_name":"Ann","user_id":42},"first_name":"Ann"}"#,
        ]
        for body in bodies {
            XCTAssertEqual(try post("/sim/bots/forum_bot/users/42/messages", body).json["delivered"], true, body)
        }
        let kinds = try hook.received.map { r -> MessageKind in
            guard case .message(let m) = try TelegramUpdate.parse(r.update).content else { throw UpdateParseError("x") }
            return m.kind
        }
        guard kinds.count == 5, case .photo(let sizes) = kinds[0], case .document(let document) = kinds[1],
            case .voice(let voice) = kinds[2], case .sticker(let sticker) = kinds[3],
            case .contact(let contact) = kinds[4]
        else { return XCTFail("\(kinds)") }
        XCTAssertEqual(sizes.last.map { [$0.width, $0.height] }, [256, 200])
        XCTAssertEqual(document.fileName, "Паспорт.pdf")
        XCTAssertEqual(voice.duration, 5)
        XCTAssertEqual(sticker.emoji, "🐱")
        XCTAssertEqual(contact.userID, 42)
        XCTAssertEqual(hook.received[0].update["message"]?["caption"], "my cat")

        // The bot downloads what the user sent.
        let file = try post("/bot\(Self.token)/getFile", #"{"file_id":"\#(document.file.fileID)"}"#)
        let path = try XCTUnwrap(file.json["result"]?["file_path"]?.stringValue)
        let download = try transport.send(
            method: "GET", url: URL(string: "\(simulator.baseURL)/file/bot\(Self.token)/\(path)")!)
        XCTAssertEqual(download.status, 200)
        XCTAssertEqual(download.body, [0, 1, 2, 255])
        XCTAssertEqual(download.headers["content-type"], "application/pdf")

        let missing = try post("/sim/bots/forum_bot/users/42/messages", #"{"caption":"no content"}"#)
        XCTAssertEqual(missing.status, 400)
        let two = try post("/sim/bots/forum_bot/users/42/messages", #"{"text":"a","voice":{}}"#)
        XCTAssertEqual(two.status, 400)
    }

    func test_fileDownload_unknownPathIs404AndAWrongToken401() throws {
        let wrong = try transport.send(
            method: "GET",
            url: URL(string: "\(simulator.baseURL)/file/bot6660003:SIMwrongAAAAAAAA/documents/file_1.bin")!)
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(
            try JSONParser.parse(wrong.body), ["ok": false, "error_code": 401, "description": "Unauthorized"])
        let missing = try transport.send(
            method: "GET", url: URL(string: "\(simulator.baseURL)/file/bot\(Self.token)/documents/file_9.bin")!)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(
            try JSONParser.parse(missing.body), ["ok": false, "error_code": 404, "description": "Not Found"])
    }

    func test_multipartRequest_withAttachReferenceAndABadForm() throws {
        _ = try post("/sim/bots/forum_bot/users/42/messages", #"{"text":"hi"}"#)
        var form = MultipartFormData()
        form.add(name: "chat_id", value: "42")
        form.add(name: "document", value: "attach://file1")
        form.add(name: "reply_parameters", value: #"{"message_id":1}"#)
        form.add(name: "file1", fileName: "notes.txt", contentType: "text/plain", bytes: Array("hello".utf8))
        let (contentType, body) = form.encoded()
        let response = try transport.send(
            method: "POST", url: URL(string: "\(simulator.baseURL)/bot\(Self.token)/sendDocument")!,
            headers: [("Content-Type", contentType)], body: body)
        let json = try JSONParser.parse(response.body)
        XCTAssertEqual(json["result"]?["document"]?["file_name"], "notes.txt")
        XCTAssertEqual(json["result"]?["reply_to_message"]?["text"], "hi")

        let bad = try post(
            "/bot\(Self.token)/sendDocument",
            "--x\r\nContent-Disposition: form-data; filename=\"v\"\r\n\r\nv\r\n--x--\r\n",
            contentType: "multipart/form-data; boundary=x")
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json["description"], "Bad Request: field name in multipart/form-data not found")
    }
}
