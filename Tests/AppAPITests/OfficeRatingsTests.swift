import Foundation
import Kernel
import Postgres
import XCTest

/// The staff leaderboards the back office's Ratings screen reads.
final class OfficeRatingsTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_boards_listEveryRatingsBoardOfTheBlueprint() throws {
        let reply = try h.admin("GET", "/admin/api/v1/coffee-shop/ratings", token: try h.staffToken("coffee-shop"))
        XCTAssertEqual(reply.status, 200, reply.text)
        let boards = reply.json["boards"] as! [[String: Any]]
        XCTAssertEqual(boards.map { $0["id"] as? String }, ["beans"])
        XCTAssertEqual(boards.first?["section"] as? String, "top")
        XCTAssertEqual(boards.first?["periods"] as? [String], ["month", "all_time"])
    }

    func test_board_ranksParticipantsByPoints_tiesSharingARank() throws {
        let token = try h.staffToken("coffee-shop")
        let ids = try h.pool.query(
            SQL(
                unsafe: """
                    INSERT INTO "t_coffee_shop".participants (telegram_id, first_name) VALUES (11, 'Ann'), (12, 'Bob'), (13, 'Cy') RETURNING id
                    """)
        ).map { try $0.decode(Int64.self, 0) }
        for (id, amount) in zip(ids, [30, 10, 30]) {
            let award = try h.admin(
                "POST", "/admin/api/v1/coffee-shop/participants/\(id)/points", token: token,
                body: ["amount": amount, "reason": "contest", "idempotency_key": "k\(id)"])
            XCTAssertEqual(award.status, 201, award.text)
        }
        let reply = try h.admin("GET", "/admin/api/v1/coffee-shop/ratings/beans?period=all_time&limit=5", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["participants"] as? Int, 3)
        let top = reply.json["top"] as! [[String: Any]]
        XCTAssertEqual(top.map { $0["rank"] as? Int }, [1, 1, 3])
        XCTAssertEqual(top.map { $0["name"] as? String }, ["Ann", "Cy", "Bob"])
        XCTAssertEqual(top.first?["participant_id"] as? Int, Int(ids[0]))
        // The first period is the default.
        XCTAssertEqual(
            try h.admin("GET", "/admin/api/v1/coffee-shop/ratings/beans", token: token).json["period"] as? String,
            "month")
    }

    func test_board_refusesUnknownBoardsAndPeriods() throws {
        let token = try h.staffToken("coffee-shop")
        let missing = try h.admin("GET", "/admin/api/v1/coffee-shop/ratings/nope", token: token)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.errorCode, "board_not_found")
        let period = try h.admin("GET", "/admin/api/v1/coffee-shop/ratings/beans?period=week", token: token)
        XCTAssertEqual(period.status, 422)
        XCTAssertTrue(period.text.contains("month, all_time"), period.text)
    }
}
