import Foundation
import Kernel
import XCTest

/// The events screen served from memory: seats are the shared part and move with the events'
/// content version (a seat taken or freed shows on the next request, from elsewhere within a
/// second); an event leaves the upcoming list when it starts, without a write; "you're in" is the
/// caller's own part. Not timed: the deadlines only bound the polling.
final class EventsScreenCacheTests: XCTestCase {
    var h: Harness!
    var token = ""
    static let screen = "/api/v1/events-club/screens/events"
    let form: [String: Any] = ["form": "events-registration", "values": ["name": "Ann", "email": "ann@example.com"]]

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("events-club")
        h.awaitListening()
    }

    override func tearDown() { h?.stop() }

    func createEvent(_ title: String, startsAt: Date, capacity: Int? = nil) throws -> Int {
        var body: [String: Any] = ["section": "events", "title": title, "starts_at": ISO8601DateFormatter().string(from: startsAt)]
        if let capacity { body["capacity"] = capacity }
        let reply = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["event"] as? [String: Any])?["id"] as? Int ?? 0
    }

    /// The card of event `id` in the list fed by `source`, as `userID` gets the shared screen.
    func card(_ id: Int, in source: String = "events.upcoming", as userID: Int64 = 424_242) throws -> [String: Any]? {
        let reply = try h.user("GET", Self.screen, userID: userID)
        XCTAssertEqual(reply.status, 200, reply.text)
        let components = (reply.json["screen"] as? [String: Any])?["components"] as? [[String: Any]]
        let list = components?.first { $0["source"] as? String == source }
        return (list?["items"] as? [[String: Any]])?.first { $0["id"] as? String == "event-\(id)" }
    }

    func test_seatTakenAndFreed_showOnTheNextRequest_andFromElsewhereWithinASecond() throws {
        let id = try createEvent("Board games", startsAt: Date().addingTimeInterval(7 * 86_400), capacity: 2)
        XCTAssertEqual(try card(id)?["badge"] as? String, "2 seats left", "a staff write shows on the next request")
        let path = "/api/v1/events-club/sections/events/events/\(id)/registrations"
        XCTAssertEqual(try h.user("POST", path, body: form).status, 201)
        XCTAssertEqual(try card(id, as: 515_151)?["badge"] as? String, "1 seat left", "a seat taken shows on the next request")
        let mine = try h.user("GET", Self.screen + "/mine")
        let badge = ((mine.json["items"] as? [String: Any])?["event-\(id)"] as? [String: Any])?["badge"] as? String
        XCTAssertEqual(badge.map { $0.contains("You're in") }, true, mine.text)
        let others = try h.user("GET", Self.screen + "/mine", userID: 515_151)
        XCTAssertEqual((others.json["items"] as? [String: Any])?.count, 0, "another participant's part is empty: \(others.text)")

        XCTAssertEqual(try h.user("DELETE", path + "/me").status, 200)
        XCTAssertEqual(try card(id)?["badge"] as? String, "2 seats left", "a seat freed shows on the next request")

        // Another server (here plain SQL) takes both seats.
        _ = try h.pool.query("UPDATE t_events_club.events SET seats_taken = 2 WHERE id = \(id)")
        let deadline = Date().addingTimeInterval(1)
        var seen = try card(id)?["badge"] as? String
        while seen == "2 seats left", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            seen = try card(id)?["badge"] as? String
        }
        XCTAssertNotEqual(seen, "2 seats left", "the NOTIFY of the update did not reach the cache")
    }

    func test_anEventLeavesTheUpcomingList_whenItStarts_withoutAWrite() throws {
        let startsAt = Date().addingTimeInterval(2)
        let id = try createEvent("Sunrise run", startsAt: startsAt)
        XCTAssertNotNil(try card(id), "upcoming before its start")
        XCTAssertNotNil(try card(id), "from memory")
        Thread.sleep(until: startsAt.addingTimeInterval(0.2))
        let deadline = Date().addingTimeInterval(1.5)
        var past = try card(id, in: "events.past")
        while past == nil, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            past = try card(id, in: "events.past")
        }
        XCTAssertNotNil(past, "the cache knew when the event starts")
        XCTAssertNil(try card(id))
    }
}
