import Foundation
import Kernel
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

/// The shop in headless Chromium, as a developer sees it under `tessera dev` in an ordinary
/// browser: add a product to the cart, check out, the simulator pays (pre_checkout_query →
/// successful_payment through the webhook), and the order shows up paid. The screenshot is kept
/// in test-artifacts/.
final class ShopBrowserTests: XCTestCase {
    func test_miniApp_buysAProductThroughTheSimulatorAndShowsThePaidOrder() throws {
        let telegram = try SimulatedTelegram(slug: "coffee-shop", botUsername: "coffee_bot", retryPolicy: .none)
        defer { telegram.stop() }
        let h = telegram.h

        let page = try HeadlessPage()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData("coffee-shop").addingPercentEncoding(withAllowedCharacters: allowed)!
        try page.navigate(
            "\(h.baseURL)/app/coffee-shop/#tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=web")
        try page.wait(for: #"document.body.dataset.ready === "true" && document.body.dataset.screen === "menu""#)
        try page.wait(for: #"document.querySelectorAll('[data-source="shop.products"] .card-action').length === 4"#)
        // Flat white, twice: each tap waits for the cart to show it (the screen is revalidated in
        // place after an action, so the product cards stay clickable meanwhile).
        for count in 1...2 {
            try page.evaluate(#"document.querySelector('[data-source="shop.products"] .card-action').click()"#)
            try page.wait(
                for: #"!!document.querySelector('[data-source="shop.cart"]') && document.body.innerText.includes("× \#(count)")"#
            )
        }
        try page.evaluate(
            #"Array.from(document.querySelectorAll('.c-button')).find(b => b.textContent.includes("Pay with Stars")).click()"#
        )
        try page.wait(
            for: #"!!document.querySelector('[data-source="shop.orders"]') && document.body.innerText.includes("Paid")"#
        )

        let order = try XCTUnwrap(
            try h.pool.query("SELECT id, status, total_stars FROM t_coffee_shop.orders").first)
        XCTAssertEqual(try order.decode(String.self, 1), "paid")
        XCTAssertEqual(try order.decode(Int64.self, 2), 90)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.purchases"), 1)
        let text = try page.evaluate("document.body.innerText").stringValue ?? ""
        XCTAssertTrue(text.contains("Order #\(try order.decode(Int64.self, 0))"), text)
        XCTAssertFalse(
            try page.evaluate(#"!!document.querySelector('[data-source="shop.cart"]')"#).boolValue ?? true,
            "the cart is empty again")

        try page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        try page.screenshot(to: Harness.repoRoot.appendingPathComponent("test-artifacts/shop-checkout-coffee-shop.png"))
    }
}
