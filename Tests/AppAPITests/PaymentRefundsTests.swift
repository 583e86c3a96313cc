import AppAPI
import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Staff payments: the list of payments nothing fulfils and their refunds through the simulator,
/// and the owner-only operations (refunds, deletions, point adjustments).
final class PaymentRefundsTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    static let slug = "coffee-shop"
    static let shop = "/api/v1/coffee-shop/sections/menu"
    static let admin = "/admin/api/v1/coffee-shop"

    var telegram: SimulatedTelegram!

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
        (simulator, h, bot) = (telegram.simulator, telegram.h, telegram.bot)
    }

    override func tearDown() { telegram?.stop() }

    func count(_ sql: String) throws -> Int64 { try h.count(sql) }

    func simulatedCharge(_ charge: String) throws -> [String: Any]? {
        let state = try h.send(URLRequest(url: URL(string: "\(simulator.baseURL)/sim/bots/\(bot)")!)).json
        return (state["charges"] as? [[String: Any]])?.first { $0["telegram_payment_charge_id"] as? String == charge }
    }

    /// Checks out one croissant and pays it through the simulator; returns the order and charge.
    func paidOrder() throws -> (order: Int, charge: String) {
        let checkout = try h.user(
            "POST", Self.shop + "/checkout", slug: Self.slug, body: ["product": "croissant"])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let order = try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(outcome.payment?.delivered, true)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        return (order, try XCTUnwrap(outcome.chargeID))
    }

    func payments(_ status: String, token: String) throws -> [[String: Any]] {
        let reply = try h.admin("GET", Self.admin + "/payments?status=\(status)", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json["payments"] as? [[String: Any]] ?? []
    }

    func test_unmatchedLatePayment_isListedAndRefundedThroughTelegramOnce() throws {
        let owner = try h.staffToken(Self.slug, role: .owner)
        let (order, charge) = try paidOrder()
        // The payment landed after its order had expired and its item was gone: Telegram holds a
        // real charge (the simulator's), but no order is paid by it.
        try h.pool.execute(
            """
            UPDATE t_coffee_shop.orders SET status = 'expired', paid_at = NULL, payment_id = NULL,
                telegram_payment_charge_id = NULL, closed_at = now() WHERE id = \(order)
            """)
        let unmatched = try payments("unmatched", token: owner)
        let listed = try XCTUnwrap(unmatched.first { $0["telegram_payment_charge_id"] as? String == charge }, "\(unmatched)")
        XCTAssertEqual(listed["amount"] as? Int, 30)
        XCTAssertEqual(listed["currency"] as? String, "XTR")
        XCTAssertEqual(listed["payload"] as? String, "order:\(order)")
        XCTAssertEqual((listed["payer"] as? [String: Any])?["telegram_user_id"] as? Int, Int(Harness.user().id))
        XCTAssertNotNil((listed["payer"] as? [String: Any])?["participant_id"] as? Int)
        XCTAssertTrue(listed["order"] is NSNull)
        XCTAssertTrue(listed["refunded_at"] is NSNull)
        XCTAssertNotNil(listed["created_at"] as? String)
        XCTAssertEqual(try payments("all", token: owner).count, 1)
        XCTAssertEqual(try payments("unhandled", token: owner).count, 0)
        XCTAssertEqual(try h.admin("GET", Self.admin + "/payments?status=bogus", token: owner).status, 422)
        let id = try XCTUnwrap(listed["id"] as? Int)

        let manager = try h.staffToken(Self.slug, role: .manager)
        let refused = try h.admin("POST", Self.admin + "/payments/\(id)/refund", token: manager)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertEqual(refused.errorCode, "forbidden_role")
        XCTAssertEqual(try simulatedCharge(charge)?["refunded"] as? Bool, false)

        let refund = try h.admin("POST", Self.admin + "/payments/\(id)/refund", token: owner)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual(refund.json["already_refunded"] as? Bool, false)
        XCTAssertNotNil((refund.json["payment"] as? [String: Any])?["refunded_at"] as? String)
        XCTAssertEqual(try simulatedCharge(charge)?["refunded"] as? Bool, true, "the refund reached Telegram")
        XCTAssertEqual(try payments("unmatched", token: owner).count, 0)

        let again = try h.admin("POST", Self.admin + "/payments/\(id)/refund", token: owner)
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertEqual(again.json["already_refunded"] as? Bool, true)
        XCTAssertEqual(
            simulator.calls(botID: bot).filter { $0.method == "refundStarPayment" }.count, 1, "refunded once")
        XCTAssertEqual(try h.admin("POST", Self.admin + "/payments/999999/refund", token: owner).status, 404)
    }

    func test_paymentOfAPaidOrder_isRefundedThroughTheOrder() throws {
        let owner = try h.staffToken(Self.slug, role: .owner)
        let (order, charge) = try paidOrder()
        XCTAssertEqual(try payments("unmatched", token: owner).count, 0, "a paid order's payment is matched")
        let all = try payments("all", token: owner)
        XCTAssertEqual((all.first?["order"] as? [String: Any])?["id"] as? Int, order)
        let id = try XCTUnwrap(all.first?["id"] as? Int)
        let refund = try h.admin("POST", Self.admin + "/payments/\(id)/refund", token: owner)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'refunded'"), 1)
        XCTAssertEqual(try simulatedCharge(charge)?["refunded"] as? Bool, true)
    }

    func test_telegramRefusal_is502AndNothingIsMarked() throws {
        let owner = try h.staffToken(Self.slug, role: .owner)
        // A payment Telegram does not know (pushed straight to the webhook): it refuses the refund.
        let me = Harness.user()
        XCTAssertEqual(
            simulator.pushRaw(
                botID: bot,
                update: [
                    "update_id": 9_700_001,
                    "message": [
                        "message_id": 9_700_001, "from": me.botAPIJSON, "chat": ["id": .int(me.id), "type": "private"],
                        "date": 0,
                        "successful_payment": [
                            "currency": "XTR", "total_amount": 7, "invoice_payload": "order:424242",
                            "telegram_payment_charge_id": "unknown-charge",
                        ],
                    ],
                ]
            ).status, 200)
        let listed = try XCTUnwrap(try payments("unmatched", token: owner).first)
        let refund = try h.admin("POST", Self.admin + "/payments/\(listed["id"] as? Int ?? 0)/refund", token: owner)
        XCTAssertEqual(refund.status, 502, refund.text)
        XCTAssertEqual(refund.errorCode, "refund_failed")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL"), 0)
    }

    func test_managerCannotRefundDeleteOrAdjustPoints_ownerCan() throws {
        let manager = try h.staffToken(Self.slug, role: .manager)
        let owner = try h.staffToken(Self.slug, role: .owner)
        let (order, _) = try paidOrder()
        let created = try h.admin(
            "POST", Self.admin + "/products", token: manager,
            body: ["key": "mug", "title": "Mug", "price": 100, "stock": 3, "kind": "physical", "category": "beans"])
        XCTAssertEqual(created.status, 201, created.text)
        let participant = try h.pool.query("SELECT min(id) FROM t_coffee_shop.participants").first!.decode(Int64.self, 0)

        for (method, path, body) in [
            ("POST", "/orders/\(order)/refund", nil), ("DELETE", "/products/mug", nil),
            ("POST", "/participants/\(participant)/points", ["amount": 5, "reason": "gift", "idempotency_key": "k1"] as [String: Any]?),
        ] {
            let reply = try h.admin(method, Self.admin + path, token: manager, body: body)
            XCTAssertEqual(reply.status, 403, "\(method) \(path): \(reply.text)")
            XCTAssertEqual(reply.errorCode, "forbidden_role")
            XCTAssertTrue(reply.text.contains("owner"), reply.text)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        XCTAssertEqual(try h.admin("GET", Self.admin + "/orders/\(order)", token: manager).status, 200, "managers still read")

        XCTAssertEqual(try h.admin("POST", Self.admin + "/orders/\(order)/refund", token: owner).status, 200)
        XCTAssertEqual(try h.admin("DELETE", Self.admin + "/products/mug", token: owner).status, 204)
        let points = try h.admin(
            "POST", Self.admin + "/participants/\(participant)/points", token: owner,
            body: ["amount": 5, "reason": "gift", "idempotency_key": "k1"])
        XCTAssertTrue((200..<300).contains(points.status), points.text)
    }
}
