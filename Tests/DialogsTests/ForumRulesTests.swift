import Kernel
import TesseraJSON
import XCTest

@testable import Dialogs
@testable import Telegram

/// The forum group's pure rules: topic names and colours, what Telegram's errors mean, which
/// chats can be linked, and the office mark on replies.
final class ForumRulesTests: XCTestCase {
    func test_topicName_isNameUsernameAndID_withinTelegramsLimit() {
        XCTAssertEqual(
            ForumTopicName.name(firstName: "Ann", lastName: "Lee", username: "ann_l", conversation: 12), "Ann Lee (@ann_l) · #12")
        XCTAssertEqual(ForumTopicName.name(firstName: "Bob", lastName: nil, username: nil, conversation: 3), "Bob · #3")
        XCTAssertEqual(ForumTopicName.name(firstName: " ", lastName: nil, username: "x", conversation: 3), "@x · #3")
        XCTAssertEqual(ForumTopicName.name(firstName: "", lastName: nil, username: nil, conversation: 3), "Customer · #3")
        XCTAssertEqual(ForumTopicName.name(firstName: "A\nB", lastName: nil, username: nil, conversation: 1), "A B · #1")

        // 300 characters of emoji (two UTF-16 units each): cut whole, the id kept.
        let long = ForumTopicName.name(firstName: String(repeating: "😀", count: 150), lastName: "Z", username: "zz", conversation: 987_654)
        XCTAssertLessThanOrEqual(long.utf16.count, ForumTopicName.maxLength)
        XCTAssertTrue(long.hasSuffix("… · #987654"), long)
        XCTAssertTrue(long.dropLast(" · #987654".count + 1).allSatisfy { $0 == "😀" })
    }

    func test_iconColor_isOneOfTelegramsSix_andNeighboursDiffer() {
        for id in Int64(1)...12 { XCTAssertTrue(ForumTopic.iconColors.contains(ForumTopicName.iconColor(conversation: id))) }
        XCTAssertNotEqual(ForumTopicName.iconColor(conversation: 1), ForumTopicName.iconColor(conversation: 2))
    }

    func test_failures_areClassified() {
        XCTAssertEqual(ForumFailure.of(.badRequest("Bad Request: message thread not found"), attempt: 1), .topicGone)
        XCTAssertEqual(ForumFailure.of(.badRequest("Bad Request: TOPIC_ID_INVALID"), attempt: 1), .topicGone)
        XCTAssertEqual(ForumFailure.of(.badRequest("Bad Request: TOPIC_CLOSED"), attempt: 1), .topicClosed)
        XCTAssertEqual(
            ForumFailure.of(.forbidden("Forbidden: bot was kicked from the supergroup chat", blocked: false), attempt: 1),
            .linkBroken("Forbidden: bot was kicked from the supergroup chat"))
        XCTAssertEqual(ForumFailure.of(.badRequest("Bad Request: chat not found"), attempt: 1), .linkBroken("Bad Request: chat not found"))
        XCTAssertEqual(
            ForumFailure.of(.badRequest("Bad Request: not enough rights to create a topic"), attempt: 1),
            .linkBroken("Bad Request: not enough rights to create a topic"))
        XCTAssertEqual(
            ForumFailure.of(.tooManyRequests(retryAfter: 40), attempt: 1),
            .retry(.retry(after: 40, reason: "Bot API 429: Too Many Requests: retry after 40")))
        XCTAssertEqual(ForumFailure.of(.badRequest("Bad Request: message can't be copied"), attempt: 1), .failed("Bad Request: message can't be copied"))
        guard case .retry(.retry(let after, _)) = ForumFailure.of(.network("refused"), attempt: 3) else {
            return XCTFail("a network failure is retried")
        }
        XCTAssertGreaterThan(after, 0)
    }

    func test_linkCheck_wantsASupergroupWithTopics_andTheBotAsTopicAdmin() throws {
        func chat(_ type: String, forum: Bool) throws -> ChatInfo {
            try ChatInfo(["id": -100_1, "type": .string(type), "is_forum": .bool(forum)])
        }
        func member(_ status: String, topics: Bool = false) throws -> ChatMember {
            try ChatMember(["status": .string(status), "user": ["id": 1], "can_manage_topics": .bool(topics)])
        }
        XCTAssertEqual(ForumLinkError.check(chat: try chat("group", forum: false), bot: try member("administrator", topics: true)), .notAForum(type: "group"))
        XCTAssertEqual(ForumLinkError.check(chat: try chat("supergroup", forum: false), bot: try member("administrator", topics: true)), .notAForum(type: "supergroup"))
        XCTAssertEqual(ForumLinkError.check(chat: try chat("supergroup", forum: true), bot: try member("member")), .botNotAdmin(status: "member"))
        XCTAssertEqual(ForumLinkError.check(chat: try chat("supergroup", forum: true), bot: try member("administrator")), .noTopicRights)
        XCTAssertNil(ForumLinkError.check(chat: try chat("supergroup", forum: true), bot: try member("administrator", topics: true)))
        XCTAssertNil(ForumLinkError.check(chat: try chat("supergroup", forum: true), bot: try member("creator")))
    }

    func test_officeMark_isOnItsOwnLine_andTheTextCutToFit() {
        XCTAssertEqual(ForumJobs.signed("Hi", "— Sue, via back office", max: 4096), "Hi\n\n— Sue, via back office")
        XCTAssertEqual(ForumJobs.signed("", "— Sue, via back office", max: 1024), "— Sue, via back office")
        let cut = ForumJobs.signed(String(repeating: "a", count: 2000), "— Sue, via back office", max: 1024)
        XCTAssertEqual(cut.count, 1024)
        XCTAssertTrue(cut.hasSuffix("…\n\n— Sue, via back office"))
        XCTAssertEqual(ForumJobs.actor("staff_person:7"), .person(7))
        XCTAssertEqual(ForumJobs.actor("staff_token:3"), .token(3))
        XCTAssertNil(ForumJobs.actor("someone"))
    }
}
