import Foundation
import Telegram
import TelegramSimulator
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 8 point 7: a participant keeps their best-known name whichever path stores them. Ann
/// opens the mini app, pays through the simulator's control API without a profile (the simulator
/// calls her "User 424242"), and the leaderboard still says Ann; a newer real name from Telegram
/// (a /start with her new profile) replaces it.
final class PaymentParticipantNameTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    static let shop = "/api/v1/coffee-shop/sections/menu"

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot")
    }

    override func tearDown() { telegram?.stop() }

    func user(_ method: String, _ path: String, body: Any? = nil) throws -> Harness.Reply {
        try h.user(method, path, slug: "coffee-shop", body: body)
    }

    /// A call to the simulator's control API, as a developer driving `tessera dev` makes it.
    func simulator(_ path: String, _ body: [String: Any]) throws -> Harness.Reply {
        var request = URLRequest(url: URL(string: telegram.simulator.baseURL + path)!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        return try h.send(request)
    }

    func settle() throws {
        let deadline = Date().addingTimeInterval(30)
        while try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL") > 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func leaderboardNames() throws -> [String] {
        let board = try user("GET", "/api/v1/coffee-shop/ratings/beans?period=all_time")
        XCTAssertEqual(board.status, 200, board.text)
        return (board.json["top"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
    }

    func storedName() throws -> String {
        try h.pool.query("SELECT first_name || ' ' || coalesce(last_name, '-') FROM t_coffee_shop.participants WHERE telegram_id = 424242")
            .first!.decode(String.self, 0)
    }

    func test_paymentWithoutAProfile_keepsTheMiniAppName_andANewerRealNameWins() throws {
        XCTAssertEqual(try user("POST", Self.shop + "/cart/flat-white").status, 200)
        let checkout = try user("POST", Self.shop + "/checkout")
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)

        let paid = try simulator("/sim/bots/\(telegram.bot)/users/424242/pay", ["invoice": link])
        XCTAssertEqual(paid.status, 200, paid.text)
        try settle()
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'paid'"), 1)
        XCTAssertEqual(try storedName(), "Ann Lee", "the pre-checkout and payment updates named her User 424242")

        let claim = try user("POST", "/api/v1/coffee-shop/sections/beans/quests/first-order/claim", body: [String: Any]())
        XCTAssertEqual(claim.json["awarded"] as? Int, 100, claim.text)
        XCTAssertEqual(try leaderboardNames(), ["Ann"])

        let start = try simulator("/sim/bots/\(telegram.bot)/users/424242/start", ["first_name": "Anna", "last_name": "Berg"])
        XCTAssertEqual(start.status, 200, start.text)
        try settle()
        XCTAssertEqual(try storedName(), "Anna Berg")
        XCTAssertEqual(try leaderboardNames(), ["Anna"])
    }
}
