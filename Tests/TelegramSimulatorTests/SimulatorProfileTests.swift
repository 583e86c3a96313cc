import Foundation
import HTTP
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import XCTest

/// The bot's profile methods and HTML messages: stored as Telegram keeps them, refused where
/// Telegram refuses (400 with its description).
final class SimulatorProfileTests: XCTestCase {
    static let token = "6660003:SIMprofileAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    static let botID: Int64 = 6_660_003
    var simulator: TelegramSimulator!
    let transport = HTTPTransport(timeout: 5)

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        try simulator.addBot(token: Self.token, username: "profile_bot")
    }

    override func tearDown() { simulator?.shutdown() }

    func call(_ method: String, _ body: JSONValue) throws -> (status: Int, json: JSONValue) {
        let response = try transport.send(
            method: "POST", url: URL(string: simulator.baseURL + "/bot\(Self.token)/\(method)")!,
            headers: [("Content-Type", "application/json")], body: body.serialized())
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func assertBadRequest(_ reply: (status: Int, json: JSONValue), _ description: String, line: UInt = #line) {
        XCTAssertEqual(reply.status, 400, line: line)
        XCTAssertEqual(reply.json["ok"], false, line: line)
        XCTAssertEqual(reply.json["description"]?.stringValue, "Bad Request: " + description, line: line)
    }

    func test_commands_arePerLanguageAndFallBackToTheListWithoutOne() throws {
        XCTAssertEqual(try call("setMyCommands", ["commands": [["command": "start", "description": "Start"]]]).json["result"], true)
        XCTAssertEqual(
            try call("setMyCommands", ["commands": [["command": "start", "description": "Начать"]], "language_code": "ru"]).status, 200)
        XCTAssertEqual(try call("getMyCommands", ["language_code": "ru"]).json["result"]?[0]?["description"], "Начать")
        XCTAssertEqual(try call("getMyCommands", [:]).json["result"]?[0]?["description"], "Start")
        XCTAssertEqual(simulator.profile(botID: Self.botID)?["commands"]?["default|ru"]?.arrayValue?.count, 1)
    }

    func test_setMyCommands_refusesWhatTelegramRefuses() throws {
        for name in ["Start", "", "with-dash", String(repeating: "a", count: 33), "/start"] {
            assertBadRequest(try call("setMyCommands", ["commands": [["command": .string(name), "description": "x"]]]), "BOT_COMMAND_INVALID")
        }
        assertBadRequest(
            try call("setMyCommands", ["commands": [["command": "start", "description": ""]]]), "BOT_COMMAND_DESCRIPTION_INVALID")
        let many = JSONValue.array((0...100).map { ["command": .string("c\($0)"), "description": "x"] })
        assertBadRequest(try call("setMyCommands", ["commands": many]), "BOT_COMMANDS_TOO_MUCH")
        assertBadRequest(try call("setMyCommands", ["commands": [], "language_code": "rus"]), "LANG_CODE_INVALID")
        XCTAssertEqual(try call("setMyCommands", ["commands": [["command": .string(String(repeating: "a", count: 32)), "description": "x"]]]).status, 200)
    }

    func test_descriptions_haveTelegramsLimitsAndAnEmptyOneRemovesIt() throws {
        XCTAssertEqual(try call("setMyDescription", ["description": .string(String(repeating: "é", count: 512))]).status, 200)
        assertBadRequest(try call("setMyDescription", ["description": .string(String(repeating: "é", count: 513))]), "BOT_DESCRIPTION_INVALID")
        XCTAssertEqual(try call("setMyShortDescription", ["short_description": .string(String(repeating: "x", count: 120))]).status, 200)
        assertBadRequest(
            try call("setMyShortDescription", ["short_description": .string(String(repeating: "x", count: 121))]), "BOT_ABOUT_INVALID")
        XCTAssertEqual(try call("setMyDescription", ["description": "Кофе", "language_code": "ru"]).status, 200)
        XCTAssertEqual(try call("getMyDescription", ["language_code": "ru"]).json["result"]?["description"], "Кофе")
        XCTAssertEqual(try call("setMyDescription", ["description": "", "language_code": "ru"]).status, 200)
        XCTAssertEqual(
            try call("getMyDescription", ["language_code": "ru"]).json["result"]?["description"]?.stringValue?.count, 512,
            "the text without a language code again")
    }

    func test_sendMessage_parsesHTMLIntoTextAndEntitiesAndRefusesBadHTML() throws {
        let user = TelegramUser(id: 81, firstName: "Ann")
        _ = simulator.sendText(botID: Self.botID, user: user, text: "hi")
        let sent = try call("sendMessage", ["chat_id": 81, "text": "<b>Hi</b> &amp; welcome", "parse_mode": "HTML"])
        XCTAssertEqual(sent.status, 200)
        XCTAssertEqual(sent.json["result"]?["text"], "Hi & welcome")
        XCTAssertEqual(sent.json["result"]?["entities"], [["type": "bold", "offset": 0, "length": 2]])
        assertBadRequest(
            try call("sendMessage", ["chat_id": 81, "text": "a<br>b", "parse_mode": "HTML"]),
            #"can't parse entities: Unsupported start tag "br" at byte offset 1"#)
        assertBadRequest(try call("sendMessage", ["chat_id": 81, "text": "<b></b>", "parse_mode": "HTML"]), "message text is empty")
        XCTAssertEqual(
            try call("sendMessage", ["chat_id": 81, "text": "a<br>b"]).json["result"]?["text"], "a<br>b", "no parse mode: as sent")
    }

    func test_webAppButtons_needAPrivateChatALabelAndAnHTTPURL() throws {
        let user = TelegramUser(id: 82, firstName: "Bob")
        _ = simulator.sendText(botID: Self.botID, user: user, text: "hi")
        func send(_ button: JSONValue) throws -> (status: Int, json: JSONValue) {
            try call("sendMessage", ["chat_id": 82, "text": "x", "reply_markup": ["inline_keyboard": [[button]]]])
        }
        let ok = try send(["text": "Open", "web_app": ["url": "https://t.example/app/x/?startapp=ref_1"]])
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(
            ok.json["result"]?["reply_markup"]?["inline_keyboard"]?[0]?[0]?["web_app"]?["url"], "https://t.example/app/x/?startapp=ref_1")
        assertBadRequest(try send(["text": "", "web_app": ["url": "https://t.example/"]]), "BUTTON_TEXT_INVALID")
        assertBadRequest(try send(["text": "Open", "web_app": ["url": "ftp://t.example/"]]), "BUTTON_URL_INVALID")
        let group = try XCTUnwrap(simulator.addGroup(botID: Self.botID, title: "G"))
        assertBadRequest(
            try call(
                "sendMessage",
                ["chat_id": .int(group), "text": "x", "reply_markup": ["inline_keyboard": [[["text": "Open", "web_app": ["url": "https://t.example/"]]]]]]),
            "BUTTON_TYPE_INVALID")
    }

    func test_redeliver_pushesTheSameUpdateAgain() throws {
        let user = TelegramUser(id: 83, firstName: "Cy")
        let first = simulator.sendStart(botID: Self.botID, user: user)
        XCTAssertNil(simulator.redeliver(botID: Self.botID, updateID: first.updateID + 100))
        let again = try XCTUnwrap(simulator.redeliver(botID: Self.botID, updateID: first.updateID))
        XCTAssertEqual(again.updateID, first.updateID)
        XCTAssertEqual(again.error, "no webhook is set")
    }
}
