import Foundation
import HTTP
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import XCTest

/// Public channels in the simulator, over loopback HTTP: the control API creates them and sets
/// users' statuses; `getChatMember("@channel", user)` and `getChat("@channel")` answer as Telegram.
final class SimulatedChannelTests: XCTestCase {
    static let token = "6660003:SIMchannelsAAAAAAAAAAAAAAAAAAAAAAAAAA"
    var simulator: TelegramSimulator!
    let transport = HTTPTransport(timeout: 5)

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        try simulator.addBot(token: Self.token, username: "channels_bot")
    }

    override func tearDown() { simulator?.shutdown() }

    func post(_ path: String, _ body: String = "{}") throws -> (status: Int, json: JSONValue) {
        let response = try transport.send(
            method: "POST", url: URL(string: simulator.baseURL + path)!, headers: [("Content-Type", "application/json")],
            body: Array(body.utf8))
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func member(_ chat: String, _ user: Int64) throws -> (status: Int, json: JSONValue) {
        try post("/bot\(Self.token)/getChatMember", #"{"chat_id":"\#(chat)","user_id":\#(user)}"#)
    }

    func test_unknownChannel_isChatNotFound() throws {
        let reply = try member("@nobody_here", 42)
        XCTAssertEqual(reply.status, 400)
        XCTAssertEqual(reply.json, ["ok": false, "error_code": 400, "description": "Bad Request: chat not found"])
        XCTAssertEqual(try post("/bot\(Self.token)/getChat", #"{"chat_id":"@nobody_here"}"#).json["description"], "Bad Request: chat not found")
    }

    func test_channel_answersEachStatusWithItsChatMemberShape() throws {
        let created = try post("/sim/bots/channels_bot/channels", #"{"username":"@Cafe_News","title":"Cafe news"}"#)
        XCTAssertEqual(created.status, 201, "\(created.json)")
        XCTAssertEqual(created.json["username"], "@cafe_news")
        XCTAssertEqual(created.json["bot_status"], "administrator")

        XCTAssertEqual(try member("@cafe_news", 42).json["result"]?["status"], "left", "a user the channel never saw")
        for status in ["creator", "administrator", "member", "left", "kicked"] {
            let set = try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":42,"status":"\#(status)"}"#)
            XCTAssertEqual(set.status, 200, "\(set.json)")
            let reply = try member("@CAFE_NEWS", 42)
            XCTAssertEqual(reply.json["ok"], true)
            XCTAssertEqual(reply.json["result"]?["status"], .string(status))
            XCTAssertEqual(reply.json["result"]?["user"]?["id"], 42)
        }
        XCTAssertEqual(try member("@cafe_news", 42).json["result"]?["until_date"], 0, "kicked carries until_date")
        _ = try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":42,"status":"restricted","is_member":false}"#)
        XCTAssertEqual(try member("@cafe_news", 42).json["result"]?["is_member"], false)
        _ = try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":43,"member":true}"#)
        XCTAssertEqual(try member("@cafe_news", 43).json["result"]?["status"], "member")

        let bot = try member("@cafe_news", 6_660_003)
        XCTAssertEqual(bot.json["result"]?["status"], "administrator")
        XCTAssertEqual(bot.json["result"]?["can_post_messages"], true)
        let chat = try post("/bot\(Self.token)/getChat", #"{"chat_id":"@cafe_news"}"#)
        XCTAssertEqual(chat.json["result"]?["type"], "channel")
        XCTAssertEqual(chat.json["result"]?["title"], "Cafe news")

        let shown = try transport.send(method: "GET", url: URL(string: simulator.baseURL + "/sim/bots/channels_bot/channels/cafe_news")!)
        let json = try JSONParser.parse(shown.body)
        XCTAssertEqual(json["members"]?.arrayValue?.count, 2)
        XCTAssertEqual(json["members"]?[0]?["is_member"], false)
    }

    func test_botThatIsNotAnAdministrator_cannotSeeMembers() throws {
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels", #"{"username":"@cafe_news","bot_status":"left"}"#).status, 201)
        _ = try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":42}"#)
        let reply = try member("@cafe_news", 42)
        XCTAssertEqual(reply.status, 400)
        XCTAssertEqual(reply.json["description"], "Bad Request: member list is inaccessible")
        XCTAssertEqual(try member("@cafe_news", 6_660_003).json["result"]?["status"], "left", "the bot still learns its own place")
    }

    func test_controlAPI_refusesWhatTelegramWouldRefuse() throws {
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels", #"{"username":"@no"}"#).status, 400, "too short")
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels", #"{"username":"@9lives"}"#).status, 400, "a digit first")
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels", #"{"username":"@cafe_news","bot_status":"member"}"#).status, 400)
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":42,"status":"owner"}"#).status, 400)
        XCTAssertEqual(try post("/sim/bots/channels_bot/channels/cafe_news/members", #"{"user_id":0}"#).status, 400)
        let missing = try transport.send(method: "GET", url: URL(string: simulator.baseURL + "/sim/bots/channels_bot/channels/nobody_here")!)
        XCTAssertEqual(missing.status, 404)
    }
}
