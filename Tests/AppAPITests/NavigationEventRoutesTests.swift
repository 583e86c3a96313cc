import Foundation
import Kernel
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class NavigationEventRoutesTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func post(_ body: String, initData: String? = Harness.initData("coffee-shop")) throws -> Harness.Reply {
        var request = URLRequest(url: URL(string: h.baseURL + "/api/v1/coffee-shop/events")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let initData { request.setValue("tma " + initData, forHTTPHeaderField: "Authorization") }
        return try h.send(request)
    }

    func stored() throws -> Int64 {
        try h.pool.query("SELECT count(*) FROM \"t_coffee_shop\".nav_events").first!.decode(Int64.self, 0)
    }

    func test_events_areAcceptedAndStoredForTheCaller() throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let reply = try post(#"{"events":[{"kind":"screen_view","screen":"menu","at":\#(now)},{"kind":"action","screen":"menu","target":"buy","at":\#(now)}]}"#)
        XCTAssertEqual(reply.status, 202, reply.text)
        XCTAssertEqual(reply.json["accepted"] as? Int, 2)
        XCTAssertEqual(try stored(), 2, "a 202 means the events are committed: queried right away, no flush")
        let owner = try h.pool.query(
            "SELECT DISTINCT p.telegram_id FROM \"t_coffee_shop\".nav_events e JOIN \"t_coffee_shop\".participants p ON p.id = e.participant_id"
        ).map { try $0.decode(Int64.self, 0) }
        XCTAssertEqual(owner, [424_242])
    }

    func test_invalidBatch_is422AndStoresNothing() throws {
        let reply = try post(#"{"events":[{"kind":"screen_view","at":1}]}"#)
        XCTAssertEqual(reply.status, 422)
        XCTAssertEqual(reply.errorCode, "validation_failed")
        let details = (reply.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
        XCTAssertEqual(details?.first?["field"] as? String, "events[0].at")
        XCTAssertEqual(try stored(), 0)
    }

    func test_unauthenticatedEvents_are401() throws {
        let reply = try post(#"{"events":[]}"#, initData: nil)
        XCTAssertEqual(reply.status, 401)
    }
}
