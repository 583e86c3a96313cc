import AppAPI
import Foundation
import Kernel
import Postgres
import Synchronization
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The shop end to end: the mini app's API on a running server, Telegram Stars through the
/// simulator (invoice link → pre_checkout_query → successful_payment over the webhook), refunds.
final class ShopEndpointsTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    static let slug = "coffee-shop"
    static let shop = "/api/v1/coffee-shop/sections/menu"

    var telegram: SimulatedTelegram!

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
        (simulator, h, bot) = (telegram.simulator, telegram.h, telegram.bot)
    }

    override func tearDown() { telegram?.stop() }

    func user(_ method: String, _ path: String, as userID: Int64 = 424_242, body: Any? = nil) throws -> Harness.Reply {
        try h.user(method, path, slug: Self.slug, userID: userID, body: body)
    }

    func count(_ sql: String) throws -> Int64 { try h.count(sql) }

    /// The simulator's view of the bot (invoices, charges), from its control API.
    func simulated() throws -> [String: Any] {
        try h.send(URLRequest(url: URL(string: "\(simulator.baseURL)/sim/bots/\(bot)")!)).json
    }

    func stock(_ key: String) throws -> Int64? {
        try h.pool.query("SELECT stock::bigint FROM t_coffee_shop.products WHERE key = \(key)").first?.decode(
            Int64?.self, 0)
    }

    /// A limited product created through the admin API; returns its key.
    func limitedProduct(stock: Int, price: Int = 100, key: String = "mug") throws -> String {
        let token = try h.staffToken(Self.slug)
        let reply = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/products", token: token,
            body: [
                "key": key, "title": "Limited mug", "price": price, "stock": stock, "kind": "physical",
                "category": "beans",
            ])
        XCTAssertEqual(reply.status, 201, reply.text)
        return key
    }

    func checkout(as userID: Int64 = 424_242, body: Any? = nil) throws -> (order: [String: Any], link: String) {
        let reply = try user("POST", Self.shop + "/checkout", as: userID, body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["order"] as? [String: Any] ?? [:], reply.json["invoice_link"] as? String ?? "")
    }

    func test_fullPurchase_invoicePreCheckoutPaymentAndThePurchasedProduct() throws {
        let add = try user("POST", Self.shop + "/cart/flat-white", body: ["quantity": 2])
        XCTAssertEqual(add.status, 200, add.text)
        XCTAssertEqual((add.json["cart"] as? [String: Any])?["total"] as? Int, 90)
        XCTAssertEqual(try user("POST", Self.shop + "/cart/croissant").status, 200)
        XCTAssertEqual(try user("DELETE", Self.shop + "/cart/croissant").status, 200)

        let (order, link) = try checkout()
        XCTAssertEqual(order["status"] as? String, "pending")
        XCTAssertEqual(order["total"] as? Int, 90)
        XCTAssertTrue(link.hasPrefix("https://t.me/$"), link)
        let invoices = try XCTUnwrap(try simulated()["invoices"] as? [[String: Any]])
        let invoice = try XCTUnwrap(invoices.first { $0["link"] as? String == link }, "the simulator holds the invoice")
        XCTAssertEqual(invoice["currency"] as? String, "XTR")
        XCTAssertEqual(invoice["amount"] as? Int, 90)
        let orderID = try XCTUnwrap(order["id"] as? Int)
        XCTAssertEqual(invoice["payload"] as? String, "order:\(orderID)")
        XCTAssertEqual(
            (try user("GET", Self.shop + "/cart").json["cart"] as? [String: Any])?["count"] as? Int, 0,
            "checkout empties the cart")

        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(outcome.answer, PreCheckoutAnswer(ok: true, errorMessage: nil))
        XCTAssertEqual(outcome.payment?.delivered, true)

        let paid = try user("GET", "/api/v1/coffee-shop/me/orders/\(orderID)")
        let paidOrder = try XCTUnwrap(paid.json["order"] as? [String: Any])
        XCTAssertEqual(paidOrder["status"] as? String, "paid")
        XCTAssertNotNil(paidOrder["paid_at"] as? String)
        let purchases = try XCTUnwrap(
            try user("GET", "/api/v1/coffee-shop/me/purchases").json["purchases"] as? [[String: Any]])
        XCTAssertEqual(purchases.count, 1)
        XCTAssertEqual((purchases.first?["product"] as? [String: Any])?["key"] as? String, "flat-white")
        XCTAssertEqual(purchases.first?["quantity"] as? Int, 2)
        XCTAssertEqual(purchases.first?["stars"] as? Int, 90)
        XCTAssertEqual(
            try count(
                "SELECT count(*) FROM t_coffee_shop.orders o JOIN t_coffee_shop.payments p ON p.id = o.payment_id WHERE o.status = 'paid'"
            ),
            1)

        // The order is the caller's own part of the screen, not the shared one.
        let screen = try user("GET", "/api/v1/coffee-shop/screens/menu")
        XCTAssertEqual(screen.status, 200)
        XCTAssertFalse(screen.text.contains("Order #\(orderID)"), screen.text)
        let mine = try user("GET", "/api/v1/coffee-shop/screens/menu/mine")
        XCTAssertEqual(mine.status, 200, mine.text)
        XCTAssertTrue(mine.text.contains("Order #\(orderID)"), mine.text)
        XCTAssertTrue(mine.text.contains("Paid"))
    }

    func test_purchasesQuest_isClaimableOnlyAfterAPaidOrder() throws {
        let claimPath = "/api/v1/coffee-shop/sections/beans/quests/first-order/claim"
        XCTAssertEqual(try user("POST", claimPath, body: [String: Any]()).status, 409, "no order yet")
        XCTAssertEqual(try user("POST", Self.shop + "/cart/flat-white").status, 200)
        let (_, link) = try checkout()
        XCTAssertEqual(try user("POST", claimPath, body: [String: Any]()).status, 409, "a pending order does not count")
        _ = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        let claimed = try user("POST", claimPath, body: [String: Any]())
        XCTAssertEqual(claimed.status, 200, claimed.text)
        XCTAssertEqual(claimed.json["awarded"] as? Int, 100)
    }

    func test_repeatedSuccessfulPayment_changesNothing() throws {
        let key = try limitedProduct(stock: 3)
        let (order, link) = try checkout(body: ["product": key])
        let orderID = try XCTUnwrap(order["id"] as? Int)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        let charge = try XCTUnwrap(outcome.chargeID)
        XCTAssertEqual(try stock(key), 2)

        let me = Harness.user()
        for updateID: Int64 in [9_500_001, 9_500_002, 9_500_002] {
            let update: JSONObject = [
                "update_id": .int(updateID),
                "message": [
                    "message_id": .int(updateID), "from": me.botAPIJSON,
                    "chat": ["id": .int(me.id), "type": "private"], "date": 0,
                    "successful_payment": [
                        "currency": "XTR", "total_amount": 100, "invoice_payload": .string("order:\(orderID)"),
                        "telegram_payment_charge_id": .string(charge),
                    ],
                ],
            ]
            XCTAssertEqual(simulator.pushRaw(botID: bot, update: update).status, 200)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'paid'"), 1)
        XCTAssertEqual(try stock(key), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0)
    }

    func test_fiftyBuyersRaceForTheLastFiveItems() throws {
        let key = try limitedProduct(stock: 5)
        let results = Mutex<[(status: Int, link: String?, user: Int64)]>([])
        let group = DispatchGroup()
        // Harness only reads its immutable properties and makes a URLSession per call: safe to share.
        nonisolated(unsafe) let harness = h!
        for i in 0..<50 {
            let userID = Int64(800_000 + i)
            group.enter()
            // Threads, not GCD blocks: 50 blocked GCD workers would starve URLSession's own queues.
            Thread.detachNewThread {
                let reply = try? harness.user(
                    "POST", Self.shop + "/checkout", slug: Self.slug, userID: userID, body: ["product": key])
                results.withLock {
                    $0.append((reply?.status ?? 0, reply?.json["invoice_link"] as? String, userID))
                    if reply?.status == 409 { XCTAssertEqual(reply?.errorCode, "out_of_stock") }
                }
                group.leave()
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        let all = results.withLock { $0 }
        XCTAssertEqual(all.filter { $0.status == 201 }.count, 5, "\(all.map(\.status))")
        XCTAssertEqual(all.filter { $0.status == 409 }.count, 45, "\(all.map(\.status))")
        XCTAssertEqual(try stock(key), 0)

        // The five winners pay at once; stock stays at zero and nobody else can buy.
        let winners = all.filter { $0.status == 201 }
        let paid = Mutex(0)
        let payments = DispatchGroup()
        let sim = simulator!
        let botID = bot
        for winner in winners {
            payments.enter()
            Thread.detachNewThread {
                if let link = winner.link,
                    let outcome = try? sim.pay(botID: botID, user: Harness.user(id: winner.user), invoiceLink: link),
                    outcome.answer?.ok == true, outcome.payment?.delivered == true
                {
                    paid.withLock { $0 += 1 }
                }
                payments.leave()
            }
        }
        XCTAssertEqual(payments.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(paid.withLock { $0 }, 5)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'paid'"), 5)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases"), 5)
        XCTAssertEqual(try stock(key), 0)
        XCTAssertEqual(try user("POST", Self.shop + "/checkout", as: 900_001, body: ["product": key]).status, 409)
    }

    func test_refund_reversesTheOrderAndThePurchaseAndIsIdempotent() throws {
        let key = try limitedProduct(stock: 2)
        let (order, link) = try checkout(body: ["product": key])
        let orderID = try XCTUnwrap(order["id"] as? Int)
        let token = try h.staffToken(Self.slug)
        XCTAssertEqual(
            try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(orderID)/refund", token: token).errorCode,
            "order_not_refundable")
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(try stock(key), 1)

        let refund = try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(orderID)/refund", token: token)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual((refund.json["order"] as? [String: Any])?["status"] as? String, "refunded")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases WHERE refunded_at IS NOT NULL"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL"), 1)
        XCTAssertEqual(try stock(key), 2, "an unshipped order's stock comes back")
        let charge = try XCTUnwrap(outcome.chargeID)
        let charges = try XCTUnwrap(try simulated()["charges"] as? [[String: Any]])
        XCTAssertEqual(
            charges.first { $0["telegram_payment_charge_id"] as? String == charge }?["refunded"] as? Bool, true)

        // Telegram's refunded_payment arrives (the simulator pushes it), and a second refund call: no change.
        let deadline = Date().addingTimeInterval(5)
        while try count(
            "SELECT count(*) FROM t_coffee_shop.updates WHERE kind = 'message' AND payload::text LIKE '%refunded_payment%'"
        ) == 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let again = try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(orderID)/refund", token: token)
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual((again.json["order"] as? [String: Any])?["status"] as? String, "refunded")
        XCTAssertEqual(try stock(key), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases"), 1)
        let mine = try user("GET", "/api/v1/coffee-shop/me/purchases").json["purchases"] as? [[String: Any]]
        XCTAssertNotNil(mine?.first?["refunded_at"] as? String)
    }

    func test_refundMadeOutsideTessera_convergesThroughTheRefundedPaymentUpdate() throws {
        let (order, link) = try checkout(body: ["product": "croissant"])
        let orderID = try XCTUnwrap(order["id"] as? Int)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        let direct = TelegramBot(token: Harness.tokens[Self.slug]!, client: h.context.updates.client)
        try direct.refundStarPayment(userID: Harness.user().id, chargeID: try XCTUnwrap(outcome.chargeID))
        let deadline = Date().addingTimeInterval(5)
        while try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'refunded'") == 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(orderID) AND status = 'refunded'"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.purchases WHERE refunded_at IS NOT NULL"), 1)
        let token = try h.staffToken(Self.slug)
        XCTAssertEqual(
            try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(orderID)/refund", token: token).status, 200)
    }

    func test_preCheckout_declinesExpiredOrdersOtherBuyersAndChangedAmounts() throws {
        let key = try limitedProduct(stock: 1)
        let (order, link) = try checkout(body: ["product": key])
        let orderID = try XCTUnwrap(order["id"] as? Int)

        let stranger = try simulator.pay(botID: bot, user: Harness.user(id: 555), invoiceLink: link)
        XCTAssertEqual(
            stranger.answer, PreCheckoutAnswer(ok: false, errorMessage: "This order belongs to another account."))

        let tg = TelegramBot(token: Harness.tokens[Self.slug]!, client: h.context.updates.client)
        let cheaper = try tg.createInvoiceLink(
            title: "Mug", description: "Mug", payload: "order:\(orderID)",
            prices: [LabeledPrice(label: "Mug", amount: 1)])
        let changed = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: cheaper)
        XCTAssertEqual(changed.answer?.errorMessage, "The price has changed. Please check out again.")

        try h.pool.execute(
            "UPDATE t_coffee_shop.orders SET expires_at = now() - interval '1 minute' WHERE id = \(orderID)")
        let late = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(
            late.answer, PreCheckoutAnswer(ok: false, errorMessage: "This order has expired. Please check out again."))
        XCTAssertEqual(try stock(key), 0, "still reserved until the lazy expiry runs")
        XCTAssertEqual(
            try checkout(as: 424_243, body: ["product": key]).order["status"] as? String, "pending",
            "expiry freed the item")
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(orderID) AND status = 'expired'"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments"), 0)
    }

    func test_cancel_releasesTheStock() throws {
        let key = try limitedProduct(stock: 1)
        let orderID = try XCTUnwrap(try checkout(body: ["product": key]).order["id"] as? Int)
        XCTAssertEqual(try stock(key), 0)
        let cancel = try user("POST", "/api/v1/coffee-shop/me/orders/\(orderID)/cancel")
        XCTAssertEqual(cancel.status, 200, cancel.text)
        XCTAssertEqual(try stock(key), 1)
        XCTAssertEqual(
            try user("POST", "/api/v1/coffee-shop/me/orders/\(orderID)/cancel", as: 777).status, 404, "not theirs")
    }

    func test_simulatedPayment_paysThroughTheSimulatorInDevMode() throws {
        XCTAssertEqual(try user("POST", Self.shop + "/cart/filter").status, 200)
        let reply = try user("POST", Self.shop + "/checkout")
        let path = try XCTUnwrap(reply.json["simulated_payment"] as? String)
        let paid = try user("POST", path.replacingOccurrences(of: "{tenant}", with: Self.slug))
        XCTAssertEqual(paid.status, 200, paid.text)
        XCTAssertEqual(paid.json["paid"] as? Bool, true)
    }

    func test_adminProducts_blueprintProductsAreSyncedAndOwnedByTheBlueprint() throws {
        let token = try h.staffToken(Self.slug)
        let list = try h.admin("GET", "/admin/api/v1/coffee-shop/products", token: token)
        let products = try XCTUnwrap(list.json["products"] as? [[String: Any]])
        XCTAssertEqual(products.map { $0["key"] as? String }, ["flat-white", "filter", "croissant", "ethiopia-250"])
        XCTAssertEqual(products.first?["origin"] as? String, "blueprint")
        let id = try XCTUnwrap(products.first?["id"] as? Int)
        XCTAssertEqual(
            try h.admin("PATCH", "/admin/api/v1/coffee-shop/products/\(id)", token: token, body: ["price": 1]).status,
            422)
        let stocked = try h.admin("PATCH", "/admin/api/v1/coffee-shop/products/\(id)", token: token, body: ["stock": 3])
        XCTAssertEqual((stocked.json["product"] as? [String: Any])?["stock"] as? Int, 3)
        XCTAssertEqual(try h.admin("DELETE", "/admin/api/v1/coffee-shop/products/\(id)", token: token).status, 409)
        XCTAssertEqual(
            try h.admin(
                "POST", "/admin/api/v1/coffee-shop/products", token: token,
                body: ["key": "filter", "title": "X", "price": 1]
            )
            .status, 422, "blueprint keys are reserved")
        let bad = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/products", token: token, body: ["title": "", "price": 0, "kind": "x"])
        XCTAssertEqual(bad.detailFields, ["title", "price", "kind"])
    }

    /// A PATCH that does not name `stock` leaves it alone, even when a checkout takes some while
    /// the PATCH runs (the checkout's transaction below commits only after the PATCH read the row).
    func test_productPatchWithoutStock_keepsStockTakenByAConcurrentCheckout() throws {
        let key = try limitedProduct(stock: 3)
        _ = try checkout(body: ["product": key])
        XCTAssertEqual(try stock(key), 2)
        let token = try h.staffToken(Self.slug)
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let pool: PostgresPool = h.pool
        Thread.detachNewThread {
            try? pool.transaction { conn in
                _ = try conn.execute("UPDATE t_coffee_shop.products SET stock = stock - 1 WHERE key = \(key)")
                locked.signal()
                Thread.sleep(forTimeInterval: 1)
            }
            done.signal()
        }
        locked.wait()
        let patched = try h.admin(
            "PATCH", "/admin/api/v1/coffee-shop/products/\(key)", token: token, body: ["title": "Renamed mug"])
        XCTAssertEqual(patched.status, 200, patched.text)
        done.wait()
        XCTAssertEqual(try stock(key), 1, "the PATCH named only the title")
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.products WHERE key = '\(key)' AND title = 'Renamed mug'"), 1)
        let restocked = try h.admin(
            "PATCH", "/admin/api/v1/coffee-shop/products/\(key)", token: token, body: ["stock": 7])
        XCTAssertEqual((restocked.json["product"] as? [String: Any])?["stock"] as? Int, 7)
    }

    /// When Telegram cannot make the invoice, the order is cancelled and the cart comes back as it was.
    func test_failedInvoice_cancelsTheOrderAndRestoresTheCart() throws {
        h.stop()
        h = try Harness()  // its Bot API (127.0.0.1:9) is unreachable
        let key = try limitedProduct(stock: 5)
        XCTAssertEqual(try user("POST", Self.shop + "/cart/flat-white", body: ["quantity": 2]).status, 200)
        XCTAssertEqual(try user("POST", Self.shop + "/cart/\(key)", body: ["quantity": 3]).status, 200)
        XCTAssertEqual(try stock(key), 5)

        let failed = try user("POST", Self.shop + "/checkout")
        XCTAssertEqual(failed.status, 502, failed.text)
        XCTAssertEqual(failed.errorCode, "invoice_failed")
        let cart = try XCTUnwrap(try user("GET", Self.shop + "/cart").json["cart"] as? [String: Any])
        XCTAssertEqual(cart["count"] as? Int, 5, "the cart still holds the items: \(cart)")
        XCTAssertEqual(
            try count(
                "SELECT sum(c.quantity)::bigint FROM t_coffee_shop.cart_items c JOIN t_coffee_shop.products p ON p.id = c.product_id WHERE p.key = '\(key)'"
            ), 3)
        XCTAssertEqual(try stock(key), 5, "the stock was released")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.orders WHERE status = 'cancelled'"), 1)

        // A one-product checkout that fails does not put anything into the cart.
        XCTAssertEqual(try user("POST", Self.shop + "/checkout", as: 999, body: ["product": key]).status, 502)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.cart_items WHERE participant_id <> (SELECT participant_id FROM t_coffee_shop.cart_items LIMIT 1)"), 0)
    }

    func payment(_ orderID: Int, charge: String, amount: Int64, updateID: Int64) -> JSONObject {
        let me = Harness.user()
        return [
            "update_id": .int(updateID),
            "message": [
                "message_id": .int(updateID), "from": me.botAPIJSON, "chat": ["id": .int(me.id), "type": "private"],
                "date": 0,
                "successful_payment": [
                    "currency": "XTR", "total_amount": .int(amount), "invoice_payload": .string("order:\(orderID)"),
                    "telegram_payment_charge_id": .string(charge),
                ],
            ],
        ]
    }

    func test_latePayment_doesNotTakeStockOfADeactivatedProduct() throws {
        let key = try limitedProduct(stock: 2)
        let orderID = try XCTUnwrap(try checkout(body: ["product": key]).order["id"] as? Int)
        try h.pool.execute(
            "UPDATE t_coffee_shop.orders SET expires_at = now() - interval '1 minute' WHERE id = \(orderID)")
        let token = try h.staffToken(Self.slug)
        let staffOrders = try h.admin("GET", "/admin/api/v1/coffee-shop/orders", token: token)
        XCTAssertEqual(staffOrders.status, 200, staffOrders.text)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(orderID) AND status = 'expired'"), 1)
        XCTAssertEqual(try stock(key), 2, "the expiry gave the item back")
        let off = try h.admin(
            "PATCH", "/admin/api/v1/coffee-shop/products/\(key)", token: token, body: ["active": false])
        XCTAssertEqual(off.status, 200, off.text)

        XCTAssertEqual(
            simulator.pushRaw(botID: bot, update: payment(orderID, charge: "late-off", amount: 100, updateID: 9_600_101))
                .status, 200)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.payments WHERE telegram_payment_charge_id = 'late-off'"), 1)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(orderID) AND status = 'expired'"), 1,
            "the payment stays for a refund")
        XCTAssertEqual(try stock(key), 2, "a deactivated product's stock is not taken")
    }

    func test_productsListAndAddToCart_expirePastDueOrdersLazily() throws {
        let key = try limitedProduct(stock: 1)
        let first = try XCTUnwrap(try checkout(body: ["product": key]).order["id"] as? Int)
        XCTAssertEqual(try stock(key), 0)
        try h.pool.execute(
            "UPDATE t_coffee_shop.orders SET expires_at = now() - interval '1 minute' WHERE id = \(first)")
        // Add-to-cart finding the product sold out expires the orders holding it, then looks again.
        let added = try user("POST", Self.shop + "/cart/\(key)", as: 424_243)
        XCTAssertEqual(added.status, 200, added.text)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(first) AND status = 'expired'"), 1)
        XCTAssertEqual(try stock(key), 1)

        // The products list sweeps past-due orders too (the first read of the tenant's catalogue).
        let second = try XCTUnwrap(try checkout(body: ["product": key]).order["id"] as? Int)
        try h.pool.execute(
            "UPDATE t_coffee_shop.orders SET expires_at = now() - interval '1 minute' WHERE id = \(second)")
        let list = try user("GET", Self.shop + "/products")
        XCTAssertEqual(list.status, 200, list.text)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(second) AND status = 'expired'"), 1)
        let listed = try XCTUnwrap((list.json["products"] as? [[String: Any]])?.first { $0["key"] as? String == key })
        XCTAssertEqual(listed["stock"] as? Int, 1, "\(listed)")
    }

    func test_latePaymentForAnExpiredOrder_paysItWhileStockLastsElseStaysForARefund() throws {
        let key = try limitedProduct(stock: 1)
        let first = try XCTUnwrap(try checkout(body: ["product": key]).order["id"] as? Int)
        try h.pool.execute(
            "UPDATE t_coffee_shop.orders SET expires_at = now() - interval '1 minute' WHERE id = \(first)")
        let second = try XCTUnwrap(try checkout(as: 424_243, body: ["product": key]).order["id"] as? Int)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(first) AND status = 'expired'"), 1)
        XCTAssertEqual(try stock(key), 0, "the second buyer holds the only item")

        // The first buyer's payment arrives after all: money moved, but the item is gone.
        XCTAssertEqual(
            simulator.pushRaw(botID: bot, update: payment(first, charge: "late-1", amount: 100, updateID: 9_600_001))
                .status, 200)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(first) AND status = 'expired'"), 1)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.payments WHERE telegram_payment_charge_id = 'late-1'"), 1)
        XCTAssertEqual(try stock(key), 0)

        // Once the second buyer cancels, a late payment can take the item again.
        let third = try XCTUnwrap(try checkout(as: 424_243, body: ["product": "croissant"]).order["id"] as? Int)
        XCTAssertEqual(try user("POST", "/api/v1/coffee-shop/me/orders/\(second)/cancel", as: 424_243).status, 200)
        XCTAssertEqual(
            simulator.pushRaw(botID: bot, update: payment(first, charge: "late-2", amount: 100, updateID: 9_600_002))
                .status, 200)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(first) AND status = 'paid'"), 1)
        XCTAssertEqual(try stock(key), 0)
        // A wrong amount pays nothing.
        XCTAssertEqual(
            simulator.pushRaw(botID: bot, update: payment(third, charge: "cheap", amount: 1, updateID: 9_600_003))
                .status, 200)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(third) AND status = 'pending'"), 1)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0,
            "nothing left to retry")
    }
}
