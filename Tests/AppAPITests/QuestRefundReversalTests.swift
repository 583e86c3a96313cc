import AppAPI
import Foundation
import Kernel
import Postgres
import Synchronization
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A "reach N purchases" quest after refunds (coffee-shop's `first-order`: 1 paid order, 100
/// beans): a refund that takes the buyer below N takes the reward back once, with a negative
/// ledger row in the refund's transaction, and the leaderboard rollups stay the ledger's sums.
final class QuestRefundReversalTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    var token = ""
    static let shop = "/api/v1/coffee-shop/sections/menu"
    static let claimPath = "/api/v1/coffee-shop/sections/beans/quests/first-order/claim"

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot")
        token = try h.staffToken("coffee-shop")
    }

    override func tearDown() { telegram?.stop() }

    func user(_ method: String, _ path: String, body: Any? = nil) throws -> Harness.Reply {
        try h.user(method, path, slug: "coffee-shop", body: body)
    }

    /// A paid order of one flat white; its id.
    func paidOrder() throws -> Int {
        XCTAssertEqual(try user("POST", Self.shop + "/cart/flat-white").status, 200)
        let checkout = try user("POST", Self.shop + "/checkout")
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let outcome = try telegram.simulator.pay(
            botID: telegram.bot, user: Harness.user(), invoiceLink: checkout.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(outcome.payment?.delivered, true)
        return try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
    }

    func refund(_ order: Int) throws -> Harness.Reply {
        try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(order)/refund", token: token)
    }

    func participant() throws -> Int64 {
        try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = 424242")
    }

    func balance() throws -> Int64 {
        try h.count("SELECT coalesce(sum(amount), 0)::bigint FROM t_coffee_shop.points_ledger")
    }

    func reversals() throws -> [String] {
        try h.pool.query(
            "SELECT idempotency_key FROM t_coffee_shop.points_ledger WHERE reason = 'reversal' ORDER BY id"
        ).map { try $0.decode(String.self, 0) }
    }

    func questStatus() throws -> (status: String?, nextReward: Int?) {
        let state = try user("GET", "/api/v1/coffee-shop/gamefi")
        let quest = (state.json["quests"] as? [[String: Any]])?.first { $0["id"] as? String == "first-order" }
        return (quest?["status"] as? String, quest?["next_reward"] as? Int)
    }

    /// Waits until every update the simulator pushed (the refunds' `refunded_payment`s) is processed.
    func settle() throws {
        let deadline = Date().addingTimeInterval(30)
        while try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL") > 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0)
    }

    /// Every rollup (week, month, all time) is the sum of the ledger rows in its period, and every
    /// score count is the number of participants holding that score.
    func assertLeaderboardsAgreeWithTheLedger(file: StaticString = #filePath, line: UInt = #line) throws {
        let scores = try h.count(
            """
            WITH l AS (SELECT participant_id, amount, created_at AT TIME ZONE 'UTC' AS t FROM t_coffee_shop.points_ledger),
            expected AS (
                SELECT 'week' AS period, date_trunc('week', t)::date AS start, participant_id, sum(amount)::bigint AS points FROM l GROUP BY 1, 2, 3
                UNION ALL SELECT 'month', date_trunc('month', t)::date, participant_id, sum(amount)::bigint FROM l GROUP BY 1, 2, 3
                UNION ALL SELECT 'all_time', DATE '1970-01-01', participant_id, sum(amount)::bigint FROM l GROUP BY 1, 2, 3),
            actual AS (
                SELECT period, period_start AS start, participant_id, points FROM t_coffee_shop.rating_scores WHERE source = 'points')
            SELECT count(*) FROM expected e FULL JOIN actual a USING (period, start, participant_id)
            WHERE coalesce(e.points, 0) <> coalesce(a.points, 0) OR a.points = 0
            """)
        XCTAssertEqual(scores, 0, "rating_scores differ from the ledger (a zero sum has no row)", file: file, line: line)
        let counts = try h.count(
            """
            SELECT count(*) FROM (
                SELECT source, period, period_start, points, count(*)::bigint AS n FROM t_coffee_shop.rating_scores GROUP BY 1, 2, 3, 4
            ) s FULL JOIN t_coffee_shop.rating_counts c USING (source, period, period_start, points)
            WHERE s.n IS DISTINCT FROM c.participants
            """)
        XCTAssertEqual(counts, 0, "rating_counts differ from rating_scores", file: file, line: line)
    }

    func test_refundBelowTheTarget_reversesTheRewardOnce_andAClaimAfterBuyingAgainPaysAgain() throws {
        let first = try paidOrder()
        let second = try paidOrder()
        let claim = try user("POST", Self.claimPath, body: [String: Any]())
        XCTAssertEqual(claim.json["awarded"] as? Int, 100, claim.text)
        let me = try participant()

        XCTAssertEqual(try refund(first).status, 200)
        try settle()
        XCTAssertEqual(try balance(), 100, "one paid order is left: the quest still holds")
        XCTAssertEqual(try reversals(), [])

        XCTAssertEqual(try refund(second).status, 200)
        try settle()
        XCTAssertEqual(try balance(), 0)
        XCTAssertEqual(try reversals(), ["reversal:quest:first-order:\(me):once"])
        // Repeated: the admin refund again, and Telegram's refunded_payment once more under a new update id.
        XCTAssertEqual(try refund(second).status, 200)
        let charge = try h.pool.query(
            "SELECT telegram_payment_charge_id FROM t_coffee_shop.orders WHERE id = \(Int64(second))"
        )
        .first!.decode(String.self, 0)
        let repeated: JSONObject = [
            "update_id": 9_800_001,
            "message": [
                "message_id": 9_800_001, "from": Harness.user().botAPIJSON, "chat": ["id": 424_242, "type": "private"],
                "date": 0,
                "refunded_payment": [
                    "currency": "XTR", "total_amount": 45, "invoice_payload": .string("order:\(second)"),
                    "telegram_payment_charge_id": .string(charge),
                ],
            ],
        ]
        XCTAssertEqual(telegram.simulator.pushRaw(botID: telegram.bot, update: repeated).status, 200)
        try settle()
        XCTAssertEqual(try reversals().count, 1, "taken back once")
        XCTAssertEqual(try balance(), 0)
        XCTAssertEqual(try questStatus().status, "locked")
        XCTAssertEqual(
            try user("POST", Self.claimPath, body: [String: Any]()).status, 409, "no paid order: nothing to claim")
        try assertLeaderboardsAgreeWithTheLedger()

        // Buying again makes it claimable again, under a new key; refunding that one reverses it too.
        let third = try paidOrder()
        XCTAssertEqual(try questStatus().status, "claimable")
        let again = try user("POST", Self.claimPath, body: [String: Any]())
        XCTAssertEqual(again.json["awarded"] as? Int, 100, again.text)
        XCTAssertEqual(try user("POST", Self.claimPath, body: [String: Any]()).json["duplicate"] as? Bool, true)
        XCTAssertEqual(try balance(), 100)
        XCTAssertEqual(try refund(third).status, 200)
        try settle()
        XCTAssertEqual(
            try reversals(), ["reversal:quest:first-order:\(me):once", "reversal:quest:first-order:\(me):once:2"])
        XCTAssertEqual(try balance(), 0)
        try assertLeaderboardsAgreeWithTheLedger()
        let stats = try h.admin("GET", "/admin/api/v1/coffee-shop/quests", token: token)
        let quest = (stats.json["quests"] as? [[String: Any]])?.first { $0["id"] as? String == "first-order" }
        XCTAssertEqual((quest?["stats"] as? [String: Any])?["points_awarded"] as? Int, 0, stats.text)
    }

    /// Two refunds of different orders at once: each alone leaves a paid order in the other's view,
    /// so only the lock on the buyer (and counting after it) sees the drop below the target.
    func test_parallelRefundsOfDifferentOrders_reverseTheRewardOnce() throws {
        let orders = [try paidOrder(), try paidOrder()]
        XCTAssertEqual(try user("POST", Self.claimPath, body: [String: Any]()).json["awarded"] as? Int, 100)
        let statuses = Mutex<[Int]>([])
        // Harness.admin may run on several threads at once: every request has its own URLSession.
        nonisolated(unsafe) let h = self.h
        let token = self.token
        DispatchQueue.concurrentPerform(iterations: orders.count) { i in
            let status =
                (try? h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(orders[i])/refund", token: token))?.status
                ?? 0
            statuses.withLock { $0.append(status) }
        }
        XCTAssertEqual(statuses.withLock { $0 }, [200, 200])
        try settle()
        XCTAssertEqual(try reversals().count, 1)
        XCTAssertEqual(try balance(), 0)
        try assertLeaderboardsAgreeWithTheLedger()
    }

    /// Points spent meanwhile: the reversal takes what is left (never below zero) and records the
    /// shortfall, which the next claim of the quest pays off before paying points again. A refund
    /// made outside Tessera (Telegram's `refunded_payment` alone) reverses just the same.
    func test_spentPoints_reverseWhatIsLeft_andTheShortfallIsSettledByTheNextClaim() throws {
        let order = try paidOrder()
        XCTAssertEqual(try user("POST", Self.claimPath, body: [String: Any]()).json["awarded"] as? Int, 100)
        let me = try participant()
        let spend = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/participants/\(me)/points", token: token,
            body: ["amount": -70, "reason": "Free drink", "idempotency_key": "drink-1"])
        XCTAssertEqual(spend.status, 201, spend.text)

        let charge = try h.pool.query(
            "SELECT telegram_payment_charge_id FROM t_coffee_shop.orders WHERE id = \(Int64(order))"
        )
        .first!.decode(String.self, 0)
        try TelegramBot(token: Harness.tokens["coffee-shop"]!, client: telegram.client).refundStarPayment(
            userID: 424_242, chargeID: charge)
        let deadline = Date().addingTimeInterval(30)
        while try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'refunded'") == 0, Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'refunded'"), 1)
        XCTAssertEqual(try h.count("SELECT amount FROM t_coffee_shop.points_ledger WHERE reason = 'reversal'"), -30)
        XCTAssertEqual(try balance(), 0, "never below zero")
        let claim = try XCTUnwrap(
            try h.pool.query(
                "SELECT revoked_at IS NOT NULL, reversed_points, shortfall FROM t_coffee_shop.quest_claims"
            ).first)
        XCTAssertEqual(try claim.decode(Bool.self, 0), true)
        XCTAssertEqual(try claim.decode(Int64.self, 1), 30)
        XCTAssertEqual(try claim.decode(Int64.self, 2), 70)

        _ = try paidOrder()
        XCTAssertEqual(try questStatus().status, "claimable")
        XCTAssertEqual(try questStatus().nextReward, 30)
        let again = try user("POST", Self.claimPath, body: [String: Any]())
        XCTAssertEqual(again.json["awarded"] as? Int, 30, "100 less the 70 not taken back")
        XCTAssertEqual(try balance(), 30)
        XCTAssertEqual(try h.count("SELECT settled FROM t_coffee_shop.quest_claims WHERE period = 'once:2'"), 70)
        try assertLeaderboardsAgreeWithTheLedger()
    }
}
