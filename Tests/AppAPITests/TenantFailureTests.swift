import AppAPI
import Foundation
import HTTP
import Kernel
import Tenancy
import XCTest

/// Tenants that change or break under a running server.
final class TenantFailureTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_rotatingTheBotToken_revokesAlreadyValidatedInitData() throws {
        let oldInitData = Harness.initData("events-club")
        let auth = ["Authorization": "tma " + oldInitData]
        XCTAssertEqual(try h.get("/api/v1/events-club/app", headers: auth).status, 200)

        let rotated = BotToken("2000002:ROTATEDtokenCCCCCCCCCCCCCCCCCCCCCCC")!
        let outcome = try h.provisioner.apply(try Harness.manifest("events-club"), botToken: rotated, blueprint: try Harness.blueprint("events-club"))
        XCTAssertTrue(outcome.botChanged)
        h.registry.reload(try TenantSlug("events-club"))

        let stale = try h.get("/api/v1/events-club/app", headers: auth)
        XCTAssertEqual(stale.status, 401, "initData signed with the old token still accepted after rotation")
        let fresh = Harness.initData("events-club", token: rotated.value)
        XCTAssertEqual(try h.get("/api/v1/events-club/app", headers: ["Authorization": "tma " + fresh]).status, 200)
    }

    func test_aWrongMasterKey_makesTenantsUnavailableNotMissing_andTheServerNotReady() throws {
        let wrongKey = try MasterKey(hex: String(repeating: "99", count: 32))
        let registry = TenantRegistry(pool: h.pool, masterKey: wrongKey, initDataMaxAge: 86_400, logger: h.logger)
        try registry.reloadAll()
        XCTAssertEqual(registry.all.count, 0)
        XCTAssertEqual(registry.failureCount, 2)
        XCTAssertNotNil(registry.failure("coffee-shop"))

        let context = try AppContext(registry: registry, pool: h.pool, initDataMaxAge: 86_400, logger: h.logger)
        let router = AppServer.makeRouter(context)
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "tma " + Harness.initData("coffee-shop"))
        let app = router.respond(to: HTTPRequest(method: .GET, target: "/api/v1/coffee-shop/app", headers: headers))
        XCTAssertEqual(app.status, 503)
        XCTAssertTrue(String(decoding: app.body, as: UTF8.self).contains("tenant_unavailable"))
        XCTAssertEqual(router.respond(to: HTTPRequest(method: .GET, target: "/api/v1/nope-nope/app", headers: headers)).status, 404)
        XCTAssertEqual(router.respond(to: HTTPRequest(method: .GET, target: "/readyz")).status, 503)
        context.navigation.stop()
    }

    func test_appWithoutTrailingSlash_redirectsSoRelativeAssetsResolve() throws {
        let context = h.context
        let router = AppServer.makeRouter(context)
        let response = router.respond(to: HTTPRequest(method: .GET, target: "/app/coffee-shop"))
        XCTAssertEqual(response.status, 308)
        XCTAssertEqual(response.headers["Location"], "/app/coffee-shop/")
        XCTAssertEqual(router.respond(to: HTTPRequest(method: .GET, target: "/app/coffee-shop/")).status, 200)
    }
}
