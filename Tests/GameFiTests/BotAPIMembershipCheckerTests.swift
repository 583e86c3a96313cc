import Telegram
import XCTest

@testable import GameFi

/// How Telegram's answers to `getChatMember` become a membership or a typed check error.
final class BotAPIMembershipCheckerTests: XCTestCase {
    func test_userTheChannelNeverSaw_isNotAMember() {
        XCTAssertTrue(BotAPIMembershipChecker.meansNeverJoined(.badRequest("Bad Request: user not found")))
        XCTAssertTrue(BotAPIMembershipChecker.meansNeverJoined(.badRequest("Bad Request: PARTICIPANT_ID_INVALID")))
        XCTAssertFalse(BotAPIMembershipChecker.meansNeverJoined(.badRequest("Bad Request: chat not found")))
        XCTAssertFalse(BotAPIMembershipChecker.meansNeverJoined(.other(code: 500, description: "user not found")))
    }

    func test_refusals_areForStaff_andOutages_areForRetrying() {
        func check(_ error: BotAPIError) -> ChannelCheckError { BotAPIMembershipChecker.checkError(error, channel: "@cafe") }
        XCTAssertEqual(check(.badRequest("Bad Request: chat not found")), .channelInaccessible("the bot cannot check @cafe: Bad Request: chat not found"))
        XCTAssertEqual(
            check(.badRequest("Bad Request: member list is inaccessible")),
            .channelInaccessible("the bot cannot check @cafe: Bad Request: member list is inaccessible"))
        guard case .channelInaccessible = check(.forbidden("Forbidden: bot was kicked from the channel chat", blocked: false)) else {
            return XCTFail("a 403 needs staff")
        }
        guard case .channelInaccessible = check(.unauthorized) else { return XCTFail("a revoked token needs staff") }
        for outage: BotAPIError in [
            .tooManyRequests(retryAfter: 3), .other(code: 500, description: "Internal Server Error"), .network("connection refused"),
            .decoding("not JSON"),
        ] {
            guard case .telegramUnavailable = check(outage) else { return XCTFail("\(outage) is worth a retry") }
        }
    }
}
