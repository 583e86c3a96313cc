import Foundation
import HTTP
import Telegram
import TelegramSimulator
import TesseraJSON
import XCTest

/// People closing, reopening and deleting topics through the control API: the service messages
/// the bot gets, and what the bot's calls answer afterwards.
extension SimulatorForumTests {
    func test_aMemberClosesReopensAndDeletesATopic() throws {
        let chat = try XCTUnwrap(simulator.addGroup(botID: 6_660_003))
        let topic = try post("/bot\(Self.token)/createForumTopic", #"{"chat_id":\#(chat),"name":"Ann"}"#)
        let thread = try XCTUnwrap(topic.json["result"]?["message_thread_id"]?.intValue)
        let sam = #"{"from":{"id":77,"first_name":"Sam"}}"#

        XCTAssertEqual(try post("/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)/close", sam).json["delivered"], true)
        var m = try lastMessage()
        XCTAssertEqual(m.kind, .forumTopicClosed)
        XCTAssertEqual(m.messageThreadID, thread)
        XCTAssertTrue(m.isTopicMessage)
        XCTAssertEqual(m.from?.id, 77)
        XCTAssertEqual(hook.received.last?.update["message"]?["forum_topic_closed"], .object([:]))
        let send = #"{"chat_id":\#(chat),"message_thread_id":\#(thread),"text":"hi"}"#
        XCTAssertEqual(try post("/bot\(Self.token)/sendMessage", send).json["description"], "Bad Request: TOPIC_CLOSED")
        let again = try post("/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)/close", sam)
        XCTAssertEqual(again.status, 400)
        XCTAssertEqual(again.json["error"]?["message"], "Bad Request: TOPIC_NOT_MODIFIED")

        XCTAssertEqual(try post("/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)/reopen", sam).json["delivered"], true)
        m = try lastMessage()
        XCTAssertEqual(m.kind, .forumTopicReopened)
        XCTAssertEqual(try post("/bot\(Self.token)/sendMessage", send).status, 200)

        // Deleted: no update, and the topic is unknown to the bot's calls from then on.
        let before = hook.received.count
        let deleted = try transport.send(
            method: "DELETE", url: URL(string: simulator.baseURL + "/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)")!)
        XCTAssertEqual(deleted.status, 200)
        XCTAssertEqual(hook.received.count, before)
        XCTAssertEqual(try post("/bot\(Self.token)/sendMessage", send).json["description"], "Bad Request: message thread not found")
        let close = #"{"chat_id":\#(chat),"message_thread_id":\#(thread)}"#
        XCTAssertEqual(try post("/bot\(Self.token)/closeForumTopic", close).json["description"], "Bad Request: TOPIC_ID_INVALID")
        XCTAssertTrue(simulator.topics(botID: 6_660_003, chatID: chat).isEmpty)
        XCTAssertEqual(try post("/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)/reopen", sam).status, 400)
        XCTAssertEqual(try post("/sim/bots/forum_bot/groups/\(chat)/topics/\(thread)/close", "{}").status, 400)
    }
}
