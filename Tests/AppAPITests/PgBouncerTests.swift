import Foundation
import Kernel
import Postgres
import TesseraTestSupport
import XCTest

/// A real PgBouncer in transaction mode in front of the test PostgreSQL: the listener that goes
/// through it is detected deaf (and `/readyz` says so); with its own direct connection, hot
/// reload works while everything else goes through the bouncer.
final class PgBouncerTests: XCTestCase {
    var bouncer: PgBouncer!

    override func setUpWithError() throws {
        bouncer = try PgBouncer(backend: try TestDatabase.shared.adminConfiguration(), poolMode: "transaction")
    }

    override func tearDown() { bouncer?.stop() }

    /// `/readyz` once its `listener` field is `state`, or the last answer after 20 s.
    func readyz(_ h: Harness, until state: String) throws -> Harness.Reply {
        let deadline = Date(timeIntervalSinceNow: 20)
        var reply = try h.get("/readyz")
        while reply.json["listener"] as? String != state, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            reply = try h.get("/readyz")
        }
        return reply
    }

    func test_listenerThroughTransactionPooling_isDetectedDeaf_andReadyzSaysDegraded() throws {
        let h = try Harness(watch: true, bouncer: bouncer, probeTimeout: 1)
        defer { h.stop() }
        let reply = try readyz(h, until: "deaf")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["listener"] as? String, "deaf", reply.text)
        XCTAssertEqual(reply.json["status"] as? String, "degraded", reply.text)
        XCTAssertTrue((reply.json["reason"] as? String ?? "").contains("TESSERA_LISTEN_DATABASE_URL"), reply.text)
        XCTAssertEqual(h.registry.watchStatus?.hearing, .deaf)
    }

    func test_aDirectListenConnection_hotReloadsWithinASecond_whileTheRestGoesThroughPgBouncer() throws {
        // A 10-minute poll: only a notification can bring the change in time.
        let h = try Harness(watch: true, bouncer: bouncer, listenThroughBouncer: false, pollInterval: 600)
        defer { h.stop() }
        let ready = try readyz(h, until: "hearing")
        XCTAssertEqual(ready.json["status"] as? String, "ready", ready.text)
        XCTAssertEqual(ready.json["listener"] as? String, "hearing", ready.text)

        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop")]
        XCTAssertEqual(try h.get("/api/v1/coffee-shop/app", headers: auth).json["version"] as? Int, 1)
        let outcome = try h.provisioner.apply(
            try Harness.manifest("coffee-shop"), botToken: nil, blueprint: try Harness.blueprint("events-club"))
        XCTAssertEqual(outcome.newVersion, 2)
        let applied = Date()
        var version = 1
        while Date().timeIntervalSince(applied) < 1.0 {
            version = try h.get("/api/v1/coffee-shop/app", headers: auth).json["version"] as? Int ?? 0
            if version == 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(version, 2, "new version not served within a second")
    }
}
