import Kernel
import Telegram
import XCTest

@testable import Dialogs

/// The inbox's query rules and what a failed send means for a reply (pure).
final class InboxQueryTests: XCTestCase {
    func query(_ values: [String: String]) throws -> InboxQuery {
        try InboxQuery({ values[$0] }, me: "staff_person:7")
    }

    func test_filters_andAssigneeMe_areRead() throws {
        let q = try query(["state": "open", "assignee": "me", "unread": "true", "q": " ann ", "sort": "waiting"])
        XCTAssertEqual(q.state, "open")
        XCTAssertEqual(q.assignee, .actor("staff_person:7"))
        XCTAssertTrue(q.unreadOnly)
        XCTAssertEqual(q.search, "ann")
        XCTAssertEqual(q.sort, .waiting)
        XCTAssertEqual(try query(["assignee": "none"]).assignee, InboxQuery.Assignee.none)
        XCTAssertEqual(try query(["assignee": "staff_token:3"]).assignee, .actor("staff_token:3"))
    }

    func test_badValues_nameTheParameter() {
        for (name, value) in [
            ("state", "archived"), ("assignee", "bob"), ("assignee", "staff_person:0"), ("unread", "yes"),
            ("q", "   "), ("sort", "name"), ("cursor", "xyz"), ("limit", "0"),
        ] {
            XCTAssertThrowsError(try query([name: value]), "\(name)=\(value)") { error in
                guard case AreaError.validation(let problems) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(problems.first?.field, name)
            }
        }
    }

    func test_cursor_roundTrips_onlyForItsOwnSort() throws {
        let cursor = InboxQuery.cursor(sort: .waiting, key: "2026-12-02 02:05:45.123456+00", id: 42)
        let q = try query(["sort": "waiting", "cursor": cursor])
        XCTAssertEqual(q.after?.key, "2026-12-02 02:05:45.123456+00")
        XCTAssertEqual(q.after?.id, 42)
        XCTAssertThrowsError(try query(["cursor": cursor]), "a waiting cursor on the last_message sort")
        let forged = Base64URLText.encode("waiting|now(); DROP TABLE x|1")
        XCTAssertThrowsError(try query(["sort": "waiting", "cursor": forged]))
    }

    func test_searchPattern_escapesWildcards() {
        XCTAssertEqual(InboxQuery.containsPattern("50%_a\\b"), "%50\\%\\_a\\\\b%")
    }

    func test_delivery_429RetriesAfterRetryAfter_blockedFailsAndMarksUnreachable() {
        XCTAssertEqual(
            ReplyDelivery.decide(.tooManyRequests(retryAfter: 7)),
            .retryAfter(7, reason: "Bot API 429: Too Many Requests: retry after 7"))
        let blocked = ReplyDelivery.decide(.forbidden("Forbidden: bot was blocked by the user", blocked: true))
        XCTAssertEqual(blocked, .failed(reason: "Forbidden: bot was blocked by the user", blocked: true))
        XCTAssertEqual(ReplyDelivery.decide(.badRequest("Bad Request: chat not found")), .failed(reason: "Bad Request: chat not found", blocked: false))
        XCTAssertEqual(ReplyDelivery.decide(.network("refused")), .backOff(reason: "Bot API unreachable: refused"))
        XCTAssertEqual(ReplyDelivery.decide(.other(code: 502, description: "Bad Gateway")), .backOff(reason: "Bot API 502: Bad Gateway"))
        // A 429 on the last attempt fails the reply with Telegram's reason; before it, the reply stays queued.
        XCTAssertNil(ReplyDelivery.retryAfter(7, reason: "r").outcome(attempt: 1, lastAttempt: false).failsReply)
        XCTAssertEqual(ReplyDelivery.retryAfter(7, reason: "r").outcome(attempt: 8, lastAttempt: true).failsReply, "r")
        XCTAssertEqual(ReplyDelivery.retryAfter(7, reason: "r").outcome(attempt: 1, lastAttempt: false).job, .retry(after: 7, reason: "r"))
        XCTAssertEqual(blocked.outcome(attempt: 1, lastAttempt: false).job, .fail(reason: "Forbidden: bot was blocked by the user"))
    }
}
