import Foundation
import Postgres
import Telegram
import TesseraTestSupport
import XCTest

/// Two built `tessera serve` processes on one database, as behind a load balancer: a change made
/// through one (a product, its stock, a post, a seat) is on that one's next live screen and on the
/// other's within a second, through the content triggers' NOTIFY, though both serve the screens
/// from memory. Not timed: the second only bounds the polling.
final class ServeLiveScreensTests: XCTestCase {
    static let coffeeToken = "3000031:LIVEcoffeeSECRETSECRETSECRETSECRET1"
    static let eventsToken = "3000032:LIVEeventsSECRETSECRETSECRETSECRET2"
    var cli: CLIRunner!
    var a: ServeProcess!
    var b: ServeProcess!

    override func setUpWithError() throws {
        let database = try TestDatabase.shared.createConfiguration(prefix: "livescreens")
        cli = CLIRunner(environment: [
            "DATABASE_URL": database.url,
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": Self.coffeeToken,
            "TESSERA_BOT_TOKEN_EVENTS_CLUB": Self.eventsToken,
        ])
        for file in ["tenants/coffee-shop.json", "tenants/events-club.json"] {
            let created = try cli.run(["tenant", "create", file])
            XCTAssertEqual(created.status, 0, created.stderr)
        }
        a = try ServeProcess(cli)
        b = try ServeProcess(cli)
        for server in [a!, b!] { try awaitHearing(server) }
    }

    override func tearDown() {
        a?.kill()
        b?.kill()
    }

    func awaitHearing(_ server: ServeProcess) throws {
        let deadline = Date(timeIntervalSinceNow: 30)
        while Date() < deadline {
            let reply = try ServeProcess.request(server.baseURL + "/readyz")
            if ((try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any])?["listener"] as? String == "hearing" { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("\(server.baseURL) does not hear notifications")
    }

    func token(_ slug: String) throws -> String {
        let made = try cli.run(["admin", "token", "create", "--tenant", slug, "--role", "owner", "--json"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(json?["token"] as? String, made.stdout)
    }

    func initData(_ botToken: String, user: Int64 = 777_100) -> String {
        InitDataSigner.sign(user: TelegramUser(id: user, firstName: "Lou"), authDate: Date(), botToken: botToken)
    }

    func screen(_ server: ServeProcess, _ path: String, _ initData: String) throws -> String {
        let reply = try ServeProcess.request(server.baseURL + path, initData: initData)
        XCTAssertEqual(reply.status, 200, String(decoding: reply.body, as: UTF8.self))
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// Whether `server`'s screen at `path` shows `text` (or, with `absent`, no longer does) within a second.
    func shows(_ server: ServeProcess, _ path: String, _ initData: String, _ text: String, absent: Bool = false) throws -> Bool {
        let deadline = Date(timeIntervalSinceNow: 1)
        repeat {
            if try screen(server, path, initData).contains(text) != absent { return true }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return false
    }

    /// `change` through `a`; then `text` on `a`'s very next screen and on `b`'s within a second.
    func assertSpreads(
        _ what: String, _ path: String, _ initData: String, _ text: String, absent: Bool = false,
        file: StaticString = #filePath, line: UInt = #line, _ change: () throws -> Void
    ) throws {
        XCTAssertNotEqual(try screen(a, path, initData).contains(text), absent == false, "\(what): before", file: file, line: line)
        XCTAssertNotEqual(try screen(b, path, initData).contains(text), absent == false, "\(what): before, cached", file: file, line: line)
        try change()
        XCTAssertEqual(try screen(a, path, initData).contains(text), !absent, "\(what): on the next request", file: file, line: line)
        XCTAssertTrue(try shows(b, path, initData, text, absent: absent), "\(what): not on the other server within a second", file: file, line: line)
    }

    func test_shopChanges_reachTheOtherServersCachedScreen() throws {
        let staff = try token("coffee-shop")
        let user = initData(Self.coffeeToken)
        let menu = "/api/v1/coffee-shop/screens/menu"
        let products = a.baseURL + "/admin/api/v1/coffee-shop/products"
        try assertSpreads("a new product", menu, user, "Travel mug") {
            let body = #"{"key":"mug","title":"Travel mug","price":100,"stock":3,"kind":"physical","category":"beans"}"#
            XCTAssertEqual(try ServeProcess.request(products, body: body, bearer: staff).status, 201)
        }
        try assertSpreads("a price edit", menu, user, "120 ⭐ · 3 left") {
            XCTAssertEqual(try ServeProcess.request(products + "/mug", method: "PATCH", body: #"{"price":120}"#, bearer: staff).status, 200)
        }
        try assertSpreads("a stock change", menu, user, "120 ⭐ · Sold out") {
            XCTAssertEqual(try ServeProcess.request(products + "/mug", method: "PATCH", body: #"{"stock":0}"#, bearer: staff).status, 200)
        }
    }

    func test_newsAndSeats_reachTheOtherServersCachedScreen() throws {
        let staff = try token("events-club")
        let user = initData(Self.eventsToken)
        let news = "/api/v1/events-club/screens/news"
        try assertSpreads("a new post", news, user, "Owls at dusk") {
            let body = #"{"section":"news","title":"Owls at dusk"}"#
            XCTAssertEqual(try ServeProcess.request(a.baseURL + "/admin/api/v1/events-club/news", body: body, bearer: staff).status, 201)
        }

        // A scheduled post: each server knows from its own cache when it is due.
        let due = Date().addingTimeInterval(2)
        let scheduled = #"{"section":"news","title":"Due at two","publish_at":"\#(ISO8601DateFormatter().string(from: due))"}"#
        XCTAssertEqual(try ServeProcess.request(a.baseURL + "/admin/api/v1/events-club/news", body: scheduled, bearer: staff).status, 201)
        XCTAssertFalse(try screen(b, news, user).contains("Due at two"))
        Thread.sleep(until: due)
        XCTAssertTrue(try shows(a, news, user, "Due at two"), "the scheduled post on its time")
        XCTAssertTrue(try shows(b, news, user, "Due at two"), "the scheduled post on its time, on the other server")

        let starts = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400))
        let event = #"{"section":"events","title":"Night walk","starts_at":"\#(starts)","capacity":2}"#
        let created = try ServeProcess.request(a.baseURL + "/admin/api/v1/events-club/events", body: event, bearer: staff)
        XCTAssertEqual(created.status, 201)
        let id = try XCTUnwrap(
            ((try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["event"] as? [String: Any])?["id"] as? Int)
        let events = "/api/v1/events-club/screens/events"
        XCTAssertTrue(try shows(b, events, user, "2 seats left"))
        let registrations = a.baseURL + "/api/v1/events-club/sections/events/events/\(id)/registrations"
        try assertSpreads("a seat taken", events, user, "1 seat left") {
            let form = #"{"form":"events-registration","values":{"name":"Lou","email":"lou@example.com"}}"#
            XCTAssertEqual(try ServeProcess.request(registrations, body: form, initData: user).status, 201)
        }
        try assertSpreads("a seat freed", events, user, "2 seats left") {
            XCTAssertEqual(try ServeProcess.request(registrations + "/me", method: "DELETE", initData: user).status, 200)
        }
    }
}
