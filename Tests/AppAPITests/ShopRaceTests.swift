import Foundation
import Kernel
import Postgres
import TelegramSimulator
import TesseraTestSupport
import XCTest

/// The shop's state changes raced: N identical requests at once (a double-tapped button, a
/// retrying client), each asserting one outcome in the answers and in the database.
final class ShopRaceTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    var simulator: TelegramSimulator { telegram.simulator }
    static let slug = "coffee-shop"
    static let shop = "/api/v1/coffee-shop/sections/menu"
    static let admin = "/admin/api/v1/coffee-shop"
    /// Holds the mug's row, so racing checkouts and deletes all queue before any of them is done.
    static let mugLock = "SELECT 1 FROM t_coffee_shop.products WHERE key = 'mug' FOR UPDATE"

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
    }

    override func tearDown() { telegram?.stop() }

    func user(_ method: String, _ path: String, body: Any? = nil) throws -> Harness.Reply {
        try h.user(method, path, slug: Self.slug, body: body)
    }

    func count(_ sql: String) throws -> Int64 { try h.count(sql) }

    func botCalls(_ method: String) -> Int { simulator.calls(botID: telegram.bot).filter { $0.method == method }.count }

    /// A limited physical product (admin API) holding `stock`.
    func mug(stock: Int) throws {
        let reply = try h.admin(
            "POST", Self.admin + "/products", token: try h.staffToken(Self.slug),
            body: [
                "key": "mug", "title": "Limited mug", "price": 100, "stock": stock, "kind": "physical",
                "category": "beans",
            ])
        XCTAssertEqual(reply.status, 201, reply.text)
    }

    func stock(_ key: String) throws -> Int64? {
        try h.pool.query("SELECT stock::bigint FROM t_coffee_shop.products WHERE key = \(key)").first?.decode(
            Int64?.self, 0)
    }

    /// One mug bought now and paid through the simulator; returns the order id.
    func paidMugOrder() throws -> Int {
        try mug(stock: 5)
        let checkout = try user("POST", Self.shop + "/checkout", body: ["product": "mug"])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let order = try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)
        XCTAssertEqual(
            try simulator.pay(botID: telegram.bot, user: Harness.user(), invoiceLink: link).payment?.delivered, true)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        return order
    }

    // MARK: checkout

    func test_racedCheckoutsOfOneCart_makeOneOrderWithOneInvoiceAndHoldTheStockOnce() throws {
        try mug(stock: 20)
        XCTAssertEqual(try user("POST", Self.shop + "/cart/mug").status, 200)

        let answers = try h.raceUser(
            .heldRacers, "POST", Self.shop + "/checkout", slug: Self.slug, body: [String: Any](), behind: Self.mugLock)

        assertOneWinner(answers, "201", rest: "409 cart_empty")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders"), 1, "one cart, one order")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.order_items"), 1)
        XCTAssertEqual(try stock("mug"), 19, "the stock is held once")
        XCTAssertEqual(botCalls("createInvoiceLink"), 1, "one invoice link")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.cart_items"), 0)
        let orders = try XCTUnwrap(try user("GET", "/api/v1/coffee-shop/me/orders").json["orders"] as? [[String: Any]])
        XCTAssertEqual(orders.count, 1)
        let winner = try XCTUnwrap(answers.first { $0.status == 201 })
        XCTAssertEqual((winner.json["order"] as? [String: Any])?["id"] as? Int, orders.first?["id"] as? Int)
    }

    func test_racedBuyNowOfOneProduct_makesOneOrderAndTheOthersGetThatOrderOrWait() throws {
        try mug(stock: 20)

        let answers = try h.raceUser(
            .heldRacers, "POST", Self.shop + "/checkout", slug: Self.slug, body: ["product": "mug"],
            behind: Self.mugLock)

        let tally = outcomes(answers)
        XCTAssertEqual(tally["201"], 1, "\(tally)")
        XCTAssertEqual(
            (tally["200"] ?? 0) + (tally["409 checkout_in_progress"] ?? 0), answers.count - 1,
            answers.map(\.text).joined(separator: "\n"))
        let winner = try XCTUnwrap(answers.first { $0.status == 201 })
        let order = try XCTUnwrap((winner.json["order"] as? [String: Any])?["id"] as? Int)
        for again in answers where again.status == 200 {
            XCTAssertEqual((again.json["order"] as? [String: Any])?["id"] as? Int, order, "the same order")
            XCTAssertEqual(
                again.json["invoice_link"] as? String, winner.json["invoice_link"] as? String, "the same link")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders"), 1)
        XCTAssertEqual(try stock("mug"), 19)
        XCTAssertEqual(botCalls("createInvoiceLink"), 1)

        // Tapped again later: the open order, not a second one.
        let later = try user("POST", Self.shop + "/checkout", body: ["product": "mug"])
        XCTAssertEqual(later.status, 200, later.text)
        XCTAssertEqual((later.json["order"] as? [String: Any])?["id"] as? Int, order)
        XCTAssertEqual(later.json["invoice_link"] as? String, winner.json["invoice_link"] as? String)
        // Another quantity is another order.
        XCTAssertEqual(try user("POST", Self.shop + "/checkout", body: ["product": "mug", "quantity": 2]).status, 201)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders"), 2)
        XCTAssertEqual(try stock("mug"), 17)
    }

    func test_lastItemRacedByManyBuyers_goesToOne() throws {
        try mug(stock: 1)
        let buyers = try (1...Harness.heldRacers).map {
            try RaceRequest.user(
                "POST", Self.shop + "/checkout", slug: Self.slug, userID: 810_000 + Int64($0), body: ["product": "mug"])
        }

        let answers = try h.race(buyers, behind: Self.mugLock)

        assertOneWinner(answers, "201", rest: "409 out_of_stock")
        XCTAssertEqual(try stock("mug"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders"), 1)
    }

    // MARK: cart

    func test_racedAddsToCart_countEveryTap() throws {
        let answers = try h.raceUser(
            .racers, "POST", Self.shop + "/cart/croissant", slug: Self.slug, body: ["quantity": 1])

        assertAllAlike(answers, "200")
        XCTAssertEqual(
            try count("SELECT quantity::bigint FROM t_coffee_shop.cart_items"), Int64(Harness.racers), "no add is lost")
    }

    func test_racedRemovesFromCart_allAnswerTheEmptiedCart() throws {
        XCTAssertEqual(try user("POST", Self.shop + "/cart/croissant").status, 200)

        let answers = try h.raceUser(.racers, "DELETE", Self.shop + "/cart/croissant", slug: Self.slug)

        assertAllAlike(answers, "200")
        for answer in answers {
            XCTAssertEqual((answer.json["cart"] as? [String: Any])?["count"] as? Int, 0, answer.text)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.cart_items"), 0)
    }

    // MARK: the buyer's orders

    func test_racedCancels_cancelOnceAndGiveTheStockBackOnce() throws {
        try mug(stock: 5)
        let checkout = try user("POST", Self.shop + "/checkout", body: ["product": "mug", "quantity": 2])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let order = try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int)
        XCTAssertEqual(try stock("mug"), 3)

        let answers = try h.raceUser(.racers, "POST", "/api/v1/coffee-shop/me/orders/\(order)/cancel", slug: Self.slug)

        assertAllAlike(answers, "200")
        XCTAssertEqual(try stock("mug"), 5, "given back once")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'cancelled'"), 1)
    }

    // MARK: staff

    func test_racedOrderRefunds_refundOnceThroughTelegram() throws {
        let order = try paidMugOrder()
        XCTAssertEqual(try stock("mug"), 4)
        let owner = try h.staffToken(Self.slug)

        let answers = try h.raceAdmin(.racers, "POST", Self.admin + "/orders/\(order)/refund", token: owner)

        assertAllAlike(answers, "200")
        for answer in answers {
            XCTAssertEqual((answer.json["order"] as? [String: Any])?["status"] as? String, "refunded", answer.text)
        }
        XCTAssertEqual(botCalls("refundStarPayment"), 1, "one refund asked of Telegram")
        XCTAssertEqual(try stock("mug"), 5, "the stock comes back once")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases WHERE refunded_at IS NOT NULL"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL"), 1)
    }

    /// Telegram answers a refund and at once sends `refunded_payment`: the staff refund and that
    /// update lock the payment and the order in the same order, so neither is a deadlock victim.
    func test_orderRefundsRacingTelegramsRefundedPaymentUpdate_neverDeadlock() throws {
        let order = try paidMugOrder()
        let refund = try RaceRequest.staff(
            "POST", Self.admin + "/orders/\(order)/refund", token: try h.staffToken(Self.slug))

        // Held until both refunds and the update's processing wait on a lock.
        let answers = try h.race(
            [refund, refund], behind: "SELECT 1 FROM t_coffee_shop.orders WHERE id = \(order) FOR UPDATE", waiters: 3)

        assertAllAlike(answers, "200")
        XCTAssertEqual(botCalls("refundStarPayment"), 1)
        let deadline = Date().addingTimeInterval(10)
        while try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL") > 0, Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE last_error IS NOT NULL OR attempts > 1"), 0,
            "the refunded_payment update was processed at its first attempt")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'refunded'"), 1)
    }

    func test_racedShips_shipOnce() throws {
        let order = try paidMugOrder()
        let staff = try h.staffToken(Self.slug, role: .manager)

        let answers = try h.raceAdmin(.racers, "POST", Self.admin + "/orders/\(order)/ship", token: staff)

        assertAllAlike(answers, "200")
        let shipped = Set(answers.compactMap { ($0.json["order"] as? [String: Any])?["shipped_at"] as? String })
        XCTAssertEqual(shipped.count, 1, "one shipping time: \(shipped)")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE shipped_at IS NOT NULL"), 1)
    }

    func test_racedProductCreates_withOneKey_makeOneProduct() throws {
        let owner = try h.staffToken(Self.slug)
        let answers = try h.raceAdmin(
            .racers, "POST", Self.admin + "/products", token: owner,
            body: ["key": "mug", "title": "Limited mug", "price": 100, "stock": 3, "category": "beans"])

        assertOneWinner(answers, "201", rest: "409 product_key_taken")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.products WHERE key = 'mug'"), 1)
    }

    func test_racedProductPatches_writeTheSameProduct() throws {
        try mug(stock: 5)
        let owner = try h.staffToken(Self.slug)
        let answers = try h.raceAdmin(
            .racers, "PATCH", Self.admin + "/products/mug", token: owner, body: ["stock": 9, "title": "Big mug"])

        assertAllAlike(answers, "200")
        XCTAssertEqual(try stock("mug"), 9)
    }

    func test_productDeletedWhileBought_answersEveryBuyerAndKeepsWhatWasOrdered() throws {
        try mug(stock: 20)
        var requests = try (1...3).map {
            try RaceRequest.user(
                "POST", Self.shop + "/checkout", slug: Self.slug, userID: 800_000 + Int64($0), body: ["product": "mug"])
        }
        requests.insert(
            try RaceRequest.staff("DELETE", Self.admin + "/products/mug", token: try h.staffToken(Self.slug)), at: 1)

        let answers = try h.race(requests, behind: Self.mugLock)

        XCTAssertEqual(answers[1].outcome, "204", answers[1].text)
        let checkouts = answers.enumerated().filter { $0.offset != 1 }.map(\.element)
        for answer in checkouts {
            XCTAssertTrue(
                ["201", "409 product_unavailable", "404 product_not_found"].contains(answer.outcome), answer.text)
        }
        let orders = try count("SELECT count(*) FROM t_coffee_shop.orders")
        XCTAssertEqual(Int64(checkouts.filter { $0.status == 201 }.count), orders)
        if orders == 0 {
            XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.products WHERE key = 'mug'"), 0, "deleted")
        } else {
            XCTAssertEqual(
                try count("SELECT count(*) FROM t_coffee_shop.products WHERE key = 'mug' AND NOT active"), 1,
                "kept for its orders")
            XCTAssertEqual(try stock("mug"), 20 - orders)
        }
    }

    func test_racedProductDeletes_deleteOnceAndTheOthersFindNothing() throws {
        try mug(stock: 5)
        let owner = try h.staffToken(Self.slug)

        let answers = try h.raceAdmin(
            .heldRacers, "DELETE", Self.admin + "/products/mug", token: owner, behind: Self.mugLock)

        assertOneWinner(answers, "204", rest: "404 product_not_found")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.products WHERE key = 'mug'"), 0)
    }
}

extension Int {
    /// `Harness.racers` and `Harness.heldRacers`, for call sites that read better with a leading dot.
    static var racers: Int { Harness.racers }
    static var heldRacers: Int { Harness.heldRacers }
}
