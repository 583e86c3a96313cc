import Foundation
import Kernel
import Postgres
import TelegramSimulator
import TesseraJSON
import TesseraTestSupport
import XCTest

/// Payments raced: staff refunds of a payment (one `refundStarPayment` per charge) and Telegram
/// delivering one update several times at once (one payment, one paid order).
final class PaymentsRaceTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    static let slug = "coffee-shop"
    static let admin = "/admin/api/v1/coffee-shop"

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
    }

    override func tearDown() { telegram?.stop() }

    func botCalls(_ method: String) -> Int {
        telegram.simulator.calls(botID: telegram.bot).filter { $0.method == method }.count
    }

    /// A croissant bought now; returns the order and its invoice link.
    func pendingOrder() throws -> (id: Int, link: String) {
        let checkout = try h.user(
            "POST", "/api/v1/coffee-shop/sections/menu/checkout", slug: Self.slug, body: ["product": "croissant"])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        return (
            try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int),
            try XCTUnwrap(checkout.json["invoice_link"] as? String)
        )
    }

    /// A paid croissant; returns the order and the payment's id.
    func paidOrder() throws -> (order: Int, payment: Int64) {
        let (order, link) = try pendingOrder()
        XCTAssertEqual(
            try telegram.simulator.pay(botID: telegram.bot, user: Harness.user(), invoiceLink: link).payment?.delivered,
            true)
        return (order, try h.count("SELECT id FROM t_coffee_shop.payments"))
    }

    func test_racedRefundsOfAnUnmatchedPayment_refundOnceThroughTelegram() throws {
        let (order, payment) = try paidOrder()
        // Nothing fulfils the payment any more (a late payment for an expired order, say).
        try h.pool.execute(
            """
            UPDATE t_coffee_shop.orders SET status = 'expired', paid_at = NULL, payment_id = NULL,
                telegram_payment_charge_id = NULL, closed_at = now() WHERE id = \(order)
            """)

        let answers = try h.raceAdmin(
            .racers, "POST", Self.admin + "/payments/\(payment)/refund", token: try h.staffToken(Self.slug))

        assertAllAlike(answers, "200")
        XCTAssertEqual(
            answers.filter { $0.json["already_refunded"] as? Bool == false }.count, 1,
            answers.map(\.text).joined(separator: "\n"))
        XCTAssertEqual(botCalls("refundStarPayment"), 1, "one refund asked of Telegram")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL"), 1)
    }

    func test_racedRefundsOfAnOrdersPayment_refundTheOrderOnce() throws {
        let (order, payment) = try paidOrder()

        let answers = try h.raceAdmin(
            .racers, "POST", Self.admin + "/payments/\(payment)/refund", token: try h.staffToken(Self.slug))

        assertAllAlike(answers, "200")
        XCTAssertEqual(answers.filter { $0.json["already_refunded"] as? Bool == false }.count, 1)
        XCTAssertEqual(botCalls("refundStarPayment"), 1)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'refunded'"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.purchases WHERE refunded_at IS NOT NULL"), 1)
    }

    func test_racedRedeliveriesOfOneUpdate_payTheOrderOnce() throws {
        let (order, _) = try pendingOrder()
        let secret = try XCTUnwrap(telegram.simulator.webhook(botID: telegram.bot)?.secretToken)
        let user = Harness.user()
        let update: JSONValue = [
            "update_id": 9_700_001,
            "message": [
                "message_id": 9_700_001, "from": ["id": .int(user.id), "is_bot": false, "first_name": "Ann"],
                "chat": ["id": .int(user.id), "type": "private"], "date": 1_700_000_000,
                "successful_payment": [
                    "currency": "XTR", "total_amount": 30, "invoice_payload": .string("order:\(order)"),
                    "telegram_payment_charge_id": "race-charge-1", "provider_payment_charge_id": "",
                ],
            ],
        ]

        let answers = try h.race(
            .heldRacers, "POST", "/telegram/coffee-shop/webhook", headers: ["X-Telegram-Bot-Api-Secret-Token": secret],
            body: Data(update.serialized()), behind: "LOCK TABLE t_coffee_shop.updates IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        let deadline = Date().addingTimeInterval(10)
        while try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL") > 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE update_id = 9700001"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments"), 1)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.purchases"), 1)
    }
}
