import Foundation
import Kernel
import XCTest

/// The shop screen served from memory: the catalogue (prices, stock) is the shared part and moves
/// with the shop's content version; the cart and orders are each caller's own part
/// (`/screens/menu/mine`), read per call. Not timed: the deadlines only bound the polling.
final class ShopScreenCacheTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    var token: String!
    static let slug = "coffee-shop"
    static let screen = "/api/v1/coffee-shop/screens/menu"

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
        token = try h.staffToken(Self.slug)
        h.awaitListening()
    }

    override func tearDown() { telegram?.stop() }

    func user(_ method: String, _ path: String, as userID: Int64 = 424_242, body: Any? = nil) throws -> Harness.Reply {
        let reply = try h.user(method, path, slug: Self.slug, userID: userID, body: body)
        XCTAssertLessThan(reply.status, 300, "\(method) \(path): \(reply.text)")
        return reply
    }

    /// The badge of `key`'s card on the shared screen.
    func badge(_ key: String, as userID: Int64 = 424_242) throws -> String? {
        let components = (try user("GET", Self.screen, as: userID).json["screen"] as? [String: Any])?["components"] as? [[String: Any]]
        let catalog = components?.first { $0["source"] as? String == "shop.products" }
        return (catalog?["items"] as? [[String: Any]])?.first { $0["id"] as? String == key }?["badge"] as? String
    }

    func badgeBecomes(_ expected: String, _ key: String, within seconds: TimeInterval) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try badge(key) == expected { return true }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return false
    }

    func test_productEdited_andStockTakenAtCheckout_showOnTheNextRequest() throws {
        XCTAssertEqual(try badge("flat-white"), "45 ⭐")
        XCTAssertNil(try badge("mug"), "now from memory")
        let created = try h.admin(
            "POST", "/admin/api/v1/coffee-shop/products", token: token,
            body: ["key": "mug", "title": "Mug", "price": 100, "stock": 3, "kind": "physical", "category": "beans"])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(try badge("mug"), "100 ⭐ · 3 left", "a new product shows on the next request")
        let edited = try h.admin("PATCH", "/admin/api/v1/coffee-shop/products/mug", token: token, body: ["price": 120])
        XCTAssertEqual(edited.status, 200, edited.text)
        XCTAssertEqual(try badge("mug"), "120 ⭐ · 3 left", "an edit shows on the next request")

        _ = try user("POST", "/api/v1/coffee-shop/sections/menu/cart/mug", body: ["quantity": 2])
        XCTAssertEqual(try badge("mug"), "120 ⭐ · 3 left", "a cart holds no stock")
        _ = try user("POST", "/api/v1/coffee-shop/sections/menu/checkout", body: [String: Any]())
        XCTAssertEqual(try badge("mug"), "120 ⭐ · 1 left", "the checkout's stock shows on the next request")
        let order = try XCTUnwrap(try h.pool.query("SELECT id FROM t_coffee_shop.orders").first?.decode(Int64.self, 0))
        _ = try user("POST", "/api/v1/coffee-shop/me/orders/\(order)/cancel", body: [String: Any]())
        XCTAssertEqual(try badge("mug"), "120 ⭐ · 3 left", "a cancelled order's stock is back on the next request")
    }

    func test_stockChangedElsewhere_isHeardWithinASecond_andCheckoutStillChecksTheDatabase() throws {
        XCTAssertEqual(try badge("croissant"), "30 ⭐")
        // Another server (here plain SQL) sells the last croissants.
        _ = try h.pool.query("UPDATE t_coffee_shop.products SET stock = 0 WHERE key = 'croissant'")
        XCTAssertTrue(try badgeBecomes("30 ⭐ · Sold out", "croissant", within: 1), "the NOTIFY of the update did not reach the cache")

        // Correctness never rests on the cache: a stock taken between the cached read and a
        // checkout is refused by the database.
        _ = try h.pool.query("UPDATE t_coffee_shop.products SET stock = 1 WHERE key = 'filter'")
        XCTAssertTrue(try badgeBecomes("35 ⭐ · 1 left", "filter", within: 1))
        _ = try user("POST", "/api/v1/coffee-shop/sections/menu/cart/filter")
        _ = try h.pool.query("UPDATE t_coffee_shop.products SET stock = 0 WHERE key = 'filter'")
        let checkout = try h.user("POST", "/api/v1/coffee-shop/sections/menu/checkout", slug: Self.slug, body: [String: Any]())
        XCTAssertEqual(checkout.status, 409, checkout.text)
        XCTAssertTrue(checkout.text.contains("out_of_stock"), checkout.text)
    }

    func test_cartCount_isRightAfterAdding_andNoParticipantSeesAnothersPart() throws {
        let ann: Int64 = 424_242, bob: Int64 = 515_151
        let shared = try user("GET", Self.screen, as: ann)
        _ = try user("POST", "/api/v1/coffee-shop/sections/menu/cart/flat-white", as: ann, body: ["quantity": 2])

        let annMine = try user("GET", Self.screen + "/mine", as: ann)
        let cart = ((annMine.json["slots"] as? [String: Any])?["cart"] as? [[String: Any]])?
            .first { $0["source"] as? String == "shop.cart" }
        let lines = try XCTUnwrap(cart?["items"] as? [[String: Any]], annMine.text)
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual(lines.first?["badge"] as? String, "× 2 · 90 ⭐", "the cart right after the add")
        XCTAssertTrue(annMine.text.contains("Pay with Stars · 90 ⭐"), annMine.text)

        // Bob gets the same shared screen (one cached body, same ETag) and an empty part of his own.
        let bobScreen = try user("GET", Self.screen, as: bob)
        XCTAssertEqual(bobScreen.headers["etag"], shared.headers["etag"])
        XCTAssertEqual(bobScreen.text, try user("GET", Self.screen, as: ann).text)
        XCTAssertFalse(bobScreen.text.contains("shop.cart"), "the shared screen carries no cart")
        let bobMine = try user("GET", Self.screen + "/mine", as: bob)
        XCTAssertEqual((bobMine.json["slots"] as? [String: Any])?.count, 0, bobMine.text)
        XCTAssertNotEqual(bobMine.headers["etag"], annMine.headers["etag"])

        // Ann's order is hers alone.
        _ = try user("POST", "/api/v1/coffee-shop/sections/menu/checkout", as: ann, body: [String: Any]())
        XCTAssertTrue(try user("GET", Self.screen + "/mine", as: ann).text.contains("Order #"))
        XCTAssertFalse(try user("GET", Self.screen + "/mine", as: bob).text.contains("Order #"))
        XCTAssertFalse(try user("GET", Self.screen, as: bob).text.contains("Order #"))
        XCTAssertEqual(try user("GET", Self.screen + "/mine", as: ann).headers["cache-control"], "private, no-cache")
    }

    func test_mine_ofAnUnknownOrStaticSection_is404() throws {
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/screens/nowhere/mine", slug: Self.slug).status, 404)
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/screens/beans/mine", slug: Self.slug).status, 404, "a GameFi section")
    }
}
