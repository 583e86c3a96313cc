import Foundation
import Kernel
import Postgres
import XCTest

/// `GET /admin/api/v1/{tenant}/overview` over real data: joins, activity, sources, payments.
final class OfficeOverviewTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    /// Participants, daily visitors and payments relative to now: two joined today (one via
    /// `promo`), one 3 days ago (via `promo`), one 20 days ago (no parameter) and last seen 10 days ago.
    func seed() throws {
        let s = "\"t_coffee_shop\""
        let today = "date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
        try h.pool.execute(
            SQL(
                unsafe: """
                    INSERT INTO \(s).participants (telegram_id, first_name, source, first_seen_at, last_seen_at) VALUES
                      (1, 'A', 'promo', \(today) + interval '1 minute', now()),
                      (2, 'B', NULL, \(today) + interval '2 minutes', now()),
                      (3, 'C', 'promo', \(today) - interval '3 days', now() - interval '3 days'),
                      (4, 'D', NULL, \(today) - interval '20 days', now() - interval '10 days')
                    """))
        // The navigation intake keeps these counts (ActiveDaysTests); 40 days ago is outside every window.
        try h.pool.execute(
            SQL(
                unsafe: """
                    INSERT INTO \(s).daily_active (day, participants) VALUES
                      ((now() AT TIME ZONE 'UTC')::date, 2), ((now() AT TIME ZONE 'UTC')::date - 3, 1), ((now() AT TIME ZONE 'UTC')::date - 40, 9)
                    """))
        try h.pool.execute(
            SQL(
                unsafe: """
                    INSERT INTO \(s).payments (telegram_user_id, telegram_payment_charge_id, currency, total_amount, invoice_payload, paid_at, refunded_at) VALUES
                      (1, 'c1', 'XTR', 50, 'order:1', \(today) + interval '1 minute', NULL),
                      (1, 'c2', 'XTR', 30, 'ticket:1:2', \(today) - interval '2 days', NULL),
                      (3, 'c3', 'XTR', 20, 'order:2', \(today) - interval '2 days', now()),
                      (3, 'c4', 'XTR', 99, 'order:3', \(today) - interval '40 days', NULL)
                    """))
    }

    func test_overview_countsJoinsActivitySourcesAndRevenueOfTheWindow() throws {
        try seed()
        let token = try h.staffToken("coffee-shop", role: .owner)
        let week = try h.admin("GET", "/admin/api/v1/coffee-shop/overview?range=7d", token: token)
        XCTAssertEqual(week.status, 200, week.text)
        let o = week.json
        let participants = o["participants"] as! [String: Any]
        XCTAssertEqual(participants["total"] as? Int, 4)
        XCTAssertEqual(participants["new"] as? Int, 3)
        let newSeries = (participants["new_series"] as! [[String: Any]]).map { $0["count"] as! Int }
        XCTAssertEqual(newSeries, [0, 0, 0, 1, 0, 0, 2])
        let active = o["active"] as! [String: Any]
        XCTAssertEqual(active["dau"] as? Int, 2)
        XCTAssertEqual(active["wau"] as? Int, 3)
        XCTAssertEqual(active["mau"] as? Int, 4)
        XCTAssertEqual((active["series"] as! [[String: Any]]).map { $0["count"] as! Int }, [0, 0, 0, 1, 0, 0, 2])
        let sources = o["sources"] as! [[String: Any]]
        XCTAssertEqual(sources.first?["source"] as? String, "promo")
        XCTAssertEqual(sources.first?["participants"] as? Int, 2)
        XCTAssertTrue(sources.last?["source"] is NSNull)
        let orders = o["orders"] as! [String: Any]
        XCTAssertEqual(orders["paid_orders"] as? Int, 2)
        XCTAssertEqual(orders["paid_tickets"] as? Int, 1)
        XCTAssertEqual(orders["revenue_stars"] as? Int, 80)
        XCTAssertEqual(orders["refunded_stars"] as? Int, 20)
        let dialogs = o["dialogs"] as! [String: Any]
        XCTAssertEqual(dialogs["open"] as? Int, 0)

        let today = try h.admin("GET", "/admin/api/v1/coffee-shop/overview?range=today", token: token).json
        XCTAssertEqual((today["participants"] as! [String: Any])["new"] as? Int, 2)
        XCTAssertEqual((today["orders"] as! [String: Any])["revenue_stars"] as? Int, 50)
        let month = try h.admin("GET", "/admin/api/v1/coffee-shop/overview?range=30d", token: token).json
        XCTAssertEqual((month["participants"] as! [String: Any])["new"] as? Int, 4)
        XCTAssertEqual(((month["participants"] as! [String: Any])["new_series"] as! [Any]).count, 30)
    }

    func test_overview_hidesRevenueFromRolesThatCannotReadFinance() throws {
        try seed()
        let support = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/overview", token: try h.staffToken("coffee-shop", role: .support))
        XCTAssertEqual(support.status, 200, support.text)
        let orders = support.json["orders"] as! [String: Any]
        XCTAssertEqual(orders["paid_orders"] as? Int, 2)
        XCTAssertTrue(orders["revenue_stars"] is NSNull)
        XCTAssertTrue(orders["revenue_series"] is NSNull)
        let analyst = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/overview", token: try h.staffToken("coffee-shop", role: .analyst))
        XCTAssertEqual((analyst.json["orders"] as! [String: Any])["revenue_stars"] as? Int, 80)
    }

    func test_overview_refusesAnUnknownRange() throws {
        let reply = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/overview?range=week", token: try h.staffToken("coffee-shop"))
        XCTAssertEqual(reply.status, 422)
        XCTAssertEqual(reply.errorCode, "validation_failed")
        XCTAssertTrue(reply.text.contains("range"), reply.text)
    }
}
