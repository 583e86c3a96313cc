import Foundation
import Kernel
import Tenancy
import XCTest

final class HotReloadTests: XCTestCase {
    func test_applyingANewBlueprint_isServedWithinASecond() throws {
        let h = try Harness(watch: true)
        defer { h.stop() }
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        XCTAssertEqual(try h.get("/api/v1/coffee-shop/app", headers: auth).json["version"] as? Int, 1)

        // Give the listener a moment to be connected before the change is committed.
        Thread.sleep(forTimeInterval: 0.5)
        let outcome = try h.provisioner.apply(try Harness.manifest("coffee-shop"), botToken: nil, blueprint: try Harness.blueprint("events-club"))
        XCTAssertEqual(outcome.newVersion, 2)
        let applied = Date()
        var version = 1
        while Date().timeIntervalSince(applied) < 1.0 {
            version = try h.get("/api/v1/coffee-shop/app", headers: auth).json["version"] as? Int ?? 0
            if version == 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(version, 2, "new version not served within a second")
        let sections = h.registry.tenant("coffee-shop")!.blueprint.sections.map(\.id)
        let events = try Harness.blueprint("events-club").sections.map(\.id)
        XCTAssertEqual(sections, events)

        // Roll back: version 1 is live again.
        try h.provisioner.rollback(try TenantSlug("coffee-shop"), to: 1)
        let rolled = Date()
        while Date().timeIntervalSince(rolled) < 1.0 {
            version = try h.get("/api/v1/coffee-shop/app", headers: auth).json["version"] as? Int ?? 0
            if version == 1 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(version, 1)
    }
}
