import Foundation
import Telegram
import TelegramSimulator
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The subscribe_channel claim end to end: the server asks the simulator's Bot API
/// `getChatMember("@beanthere_coffee", user)` with the tenant's bot, and each answer Telegram can
/// give becomes its own error code: 409 `not_subscribed`, 502 `channel_check_failed`, 503
/// `telegram_unavailable`.
final class SubscribeChannelClaimTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    var simulator: TelegramSimulator { telegram.simulator }
    let channel = "@beanthere_coffee"
    let user = Harness.user().id

    override func setUpWithError() throws {
        // No retries: each scripted fault is the one answer the claim gets.
        telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot", retryPolicy: .none, registerWebhook: false)
    }

    override func tearDown() { telegram?.stop() }

    func claim() throws -> Harness.Reply {
        var request = URLRequest(url: URL(string: h.baseURL + "/api/v1/coffee-shop/sections/beans/quests/follow/claim")!)
        request.httpMethod = "POST"
        request.httpBody = Data("{}".utf8)
        request.setValue("tma " + Harness.initData("coffee-shop"), forHTTPHeaderField: "Authorization")
        return try h.send(request)
    }

    func ledgerSum() throws -> Int64 {
        try h.count("SELECT coalesce(sum(amount), 0)::bigint FROM t_coffee_shop.points_ledger")
    }

    func assertError(_ reply: Harness.Reply, _ status: Int, _ code: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(reply.status, status, reply.text, file: file, line: line)
        XCTAssertEqual(reply.errorCode, code, reply.text, file: file, line: line)
    }

    func test_unknownChannel_isChannelCheckFailedWithoutTelegramsWords() throws {
        let reply = try claim()
        assertError(reply, 502, "channel_check_failed")
        let message = (reply.json["error"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains(channel), message)
        XCTAssertFalse(message.contains("chat not found"), "Telegram's reason goes to the log, not to the participant: \(message)")
        XCTAssertEqual(simulator.calls(botID: telegram.bot).filter { $0.method == "getChatMember" }.map(\.status), [400])
        XCTAssertEqual(try ledgerSum(), 0)
    }

    func test_botThatIsNotTheChannelsAdministrator_isChannelCheckFailed() throws {
        XCTAssertNotNil(simulator.addChannel(botID: telegram.bot, channel: channel, botIsAdministrator: false))
        simulator.setChannelMember(botID: telegram.bot, channel: channel, userID: user, member: true)
        assertError(try claim(), 502, "channel_check_failed")
        XCTAssertEqual(try ledgerSum(), 0)
    }

    func test_userWhoIsNotAMember_isNotSubscribed_untilTheyJoin() throws {
        simulator.addChannel(botID: telegram.bot, channel: channel)
        // Never seen by the channel: Telegram answers `left`.
        assertError(try claim(), 409, "not_subscribed")
        for status in ["left", "kicked"] {
            XCTAssertTrue(simulator.setChannelStatus(botID: telegram.bot, channel: channel, userID: user, status: status))
            assertError(try claim(), 409, "not_subscribed")
        }
        XCTAssertTrue(simulator.setChannelStatus(botID: telegram.bot, channel: channel, userID: user, status: "restricted", isMember: false))
        assertError(try claim(), 409, "not_subscribed")
        XCTAssertEqual(try ledgerSum(), 0)

        XCTAssertTrue(simulator.setChannelStatus(botID: telegram.bot, channel: channel, userID: user, status: "restricted", isMember: true))
        let ok = try claim()
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertEqual(ok.json["awarded"] as? Int, 50)
        // Claimed: leaving the channel later takes nothing back, and Telegram is not asked again.
        simulator.setChannelMember(botID: telegram.bot, channel: channel, userID: user, member: false)
        let before = simulator.calls(botID: telegram.bot).count
        XCTAssertEqual(try claim().json["duplicate"] as? Bool, true)
        XCTAssertEqual(simulator.calls(botID: telegram.bot).count, before)
        XCTAssertEqual(try ledgerSum(), 50)
    }

    func test_eachMemberStatus_countsAsTelegramMeansIt() throws {
        simulator.addChannel(botID: telegram.bot, channel: channel)
        for status in ["creator", "administrator", "member"] {
            let id = Int64(900 + status.count)
            simulator.setChannelStatus(botID: telegram.bot, channel: channel, userID: id, status: status)
            var request = URLRequest(url: URL(string: h.baseURL + "/api/v1/coffee-shop/sections/beans/quests/follow/claim")!)
            request.httpMethod = "POST"
            request.httpBody = Data("{}".utf8)
            request.setValue("tma " + Harness.initData("coffee-shop", user: Harness.user(id: id)), forHTTPHeaderField: "Authorization")
            let reply = try h.send(request)
            XCTAssertEqual(reply.status, 200, "\(status): \(reply.text)")
            XCTAssertEqual(reply.json["awarded"] as? Int, 50, status)
        }
    }

    func test_telegramDownOrFlooded_isTelegramUnavailable_andARetryWorks() throws {
        simulator.setChannelMember(botID: telegram.bot, channel: channel, userID: user, member: true)
        for (code, retryAfter) in [(429, 3), (500, nil), (502, nil)] {
            simulator.injectFault(botID: telegram.bot, method: "getChatMember", errorCode: code, retryAfter: retryAfter)
            let reply = try claim()
            assertError(reply, 503, "telegram_unavailable")
            XCTAssertFalse(reply.text.contains("Bot API"), "no Telegram internals for the participant: \(reply.text)")
        }
        XCTAssertEqual(try ledgerSum(), 0)
        let ok = try claim()
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertEqual(try ledgerSum(), 50)
    }

    func test_racedClaimsOfAMember_awardOnce() throws {
        simulator.setChannelMember(botID: telegram.bot, channel: channel, userID: user, member: true)
        // Every racer has Telegram's yes before any of them reaches the claims table.
        let answers = try h.raceUser(
            .heldRacers, "POST", "/api/v1/coffee-shop/sections/beans/quests/follow/claim", slug: "coffee-shop",
            body: [String: Any](), behind: "LOCK TABLE t_coffee_shop.quest_claims IN ACCESS EXCLUSIVE MODE")
        assertAllAlike(answers, "200")
        XCTAssertEqual(answers.filter { $0.json["duplicate"] as? Bool == false }.count, 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger WHERE reason = 'quest'"), 1)
        XCTAssertEqual(try ledgerSum(), 50)
    }
}
