import Foundation
import Kernel
import Postgres
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class EventsEndpointsTests: XCTestCase {
    var h: Harness!
    var token = ""
    let form: [String: Any] = ["form": "events-registration", "values": ["name": "Ann", "email": "ann@example.com"]]

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("events-club")
    }

    override func tearDown() { h?.stop() }

    func createEvent(_ body: [String: Any]) throws -> Int {
        var body = body
        if body["starts_at"] == nil { body["starts_at"] = iso(Date().addingTimeInterval(7 * 86_400)) }
        if body["section"] == nil { body["section"] = "events" }
        let reply = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["event"] as? [String: Any])?["id"] as? Int ?? 0
    }

    func registrations(_ id: Int) -> String { "/api/v1/events-club/sections/events/events/\(id)/registrations" }

    func test_adminCRUD_validatesAgainstTheSection() throws {
        let base = "/admin/api/v1/events-club/events"
        let unnamed = try h.admin("POST", base, token: token, body: ["title": "Meetup", "starts_at": iso(Date())])
        XCTAssertEqual(unnamed.detailFields, ["section"], "two events sections: the section must be named")

        let invalid = try h.admin("POST", base, token: token, body: [
            "section": "events", "title": "Meetup", "starts_at": "2030-01-01T19:00:00Z", "ends_at": "2030-01-01T18:00:00Z",
            "capacity": 0, "price_stars": 100, "link": "javascript:alert(1)",
        ])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertEqual(invalid.detailFields, ["ends_at", "capacity", "price_stars", "link"])
        XCTAssertEqual(try h.admin("POST", base, token: token, body: ["section": "events"]).detailFields, ["title", "starts_at"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.events"), 0)

        let id = try createEvent([
            "title": "Swift night", "description": "<p>Talks <img src=x onerror=alert(1)>&amp; pizza</p>", "place": "Hall A",
            "link": "https://t.me/nightowls_chat", "capacity": 3,
        ])
        let shown = try h.admin("GET", "\(base)/\(id)", token: token)
        let event = try XCTUnwrap(shown.json["event"] as? [String: Any])
        XCTAssertEqual(event["description"] as? String, "<p>Talks &amp; pizza</p>")
        XCTAssertEqual(event["capacity"] as? Int, 3)
        XCTAssertEqual(event["seats_left"] as? Int, 3)

        // The section's default capacity applies when the event has none.
        let patched = try h.admin("PATCH", "\(base)/\(id)", token: token, body: ["capacity": NSNull(), "title": "Swift night #2"])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual((patched.json["event"] as? [String: Any])?["capacity"] as? Int, 40)
        XCTAssertEqual((patched.json["event"] as? [String: Any])?["title"] as? String, "Swift night #2")

        // Paid tickets only where the section sells them; the section default price applies.
        let paid = try createEvent(["section": "masterclasses", "title": "Latte art"])
        let paidEvent = try h.admin("GET", "\(base)/\(paid)", token: token).json["event"] as? [String: Any]
        XCTAssertEqual(paidEvent?["price_stars"] as? Int, 250)
        XCTAssertEqual(paidEvent?["capacity"] as? Int, 12)

        let list = try h.admin("GET", "\(base)?section=events", token: token)
        XCTAssertEqual((list.json["events"] as? [Any])?.count, 1)
        XCTAssertEqual(try h.admin("DELETE", "\(base)/\(id)", token: token).status, 204)
        XCTAssertEqual(try h.admin("GET", "\(base)/\(id)", token: token).errorCode, "event_not_found")
    }

    func test_register_validatesTheFormAndRegistersOnce() throws {
        let id = try createEvent(["title": "Meetup", "capacity": 10])
        let missing = try h.user("POST", registrations(id), body: ["values": ["name": "Ann", "email": "not-an-email"]])
        XCTAssertEqual(missing.status, 422)
        XCTAssertEqual(missing.detailFields, ["values.email"])
        XCTAssertEqual(try h.user("POST", registrations(id), body: [:]).detailFields, ["values.name", "values.email"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations"), 0)

        let ok = try h.user("POST", registrations(id), body: form)
        XCTAssertEqual(ok.status, 201, ok.text)
        XCTAssertEqual((ok.json["registration"] as? [String: Any])?["status"] as? String, "registered")
        XCTAssertNotNil(ok.json["message"] as? String)
        XCTAssertEqual(try h.user("POST", registrations(id), body: form).errorCode, "already_registered")
        XCTAssertEqual(try h.count("SELECT seats_taken FROM t_events_club.events WHERE id = \(id)"), 1)

        XCTAssertEqual(try h.user("DELETE", registrations(id) + "/me").status, 200)
        XCTAssertEqual(try h.user("DELETE", registrations(id) + "/me").errorCode, "registration_not_found")
        XCTAssertEqual(try h.count("SELECT seats_taken FROM t_events_club.events WHERE id = \(id)"), 0)
        XCTAssertEqual(try h.user("POST", registrations(id), body: form).status, 201, "registering again after cancelling")

        let past = try createEvent(["title": "Yesterday", "starts_at": iso(Date().addingTimeInterval(-86_400))])
        XCTAssertEqual(try h.user("POST", registrations(past), body: form).errorCode, "registration_closed")
        XCTAssertEqual(try h.user("POST", registrations(999_999), body: form).errorCode, "event_not_found")
        XCTAssertEqual(
            try h.user(
                "POST", "/api/v1/events-club/sections/masterclasses/events/\(id)/registrations",
                body: ["values": ["name": "Ann", "phone": "+1 555 0100", "comment": "hi"]]
            ).errorCode,
            "event_not_found", "an event is reached through its own section only")

        let registrations = try h.admin("GET", "/admin/api/v1/events-club/events/\(id)/registrations", token: token)
        let list = try XCTUnwrap(registrations.json["registrations"] as? [[String: Any]])
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual((list.first?["fields"] as? [String: Any])?["email"] as? String, "ann@example.com")
    }

    /// Twenty people take the last seat at the same moment: one gets it, nineteen queue in order,
    /// and a cancellation hands the seat to the head of the queue.
    func test_race_twentyPeopleForTheLastSeat_oneWinsTheRestAreWaitlisted() throws {
        let id = try createEvent(["title": "Tiny room", "capacity": 5])
        for user in 1...4 {
            XCTAssertEqual(try h.user("POST", registrations(id), userID: Int64(user), body: form).status, 201)
        }
        let racers = (100..<120).map(Int64.init)
        let results = ResultBox()
        let group = DispatchGroup()
        let body = try JSONSerialization.data(withJSONObject: form)
        var sessions: [URLSession] = []
        for user in racers {
            var request = URLRequest(url: URL(string: h.baseURL + registrations(id))!)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("tma " + Harness.initData("events-club", user: Harness.user(id: user)), forHTTPHeaderField: "Authorization")
            let session = URLSession(configuration: .ephemeral)
            sessions.append(session)
            group.enter()
            session.dataTask(with: request) { data, response, _ in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                let json = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
                results.add(user, status, json?["registration"] as? [String: Any])
                group.leave()
            }.resume()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        sessions.forEach { $0.finishTasksAndInvalidate() }

        let all = results.all
        XCTAssertEqual(all.count, 20)
        XCTAssertTrue(all.allSatisfy { $0.status == 201 }, "\(all.map(\.status))")
        let winners = all.filter { $0.registration?["status"] as? String == "registered" }
        let waiting = all.filter { $0.registration?["status"] as? String == "waitlisted" }
        XCTAssertEqual(winners.count, 1)
        XCTAssertEqual(waiting.count, 19)
        XCTAssertEqual(Set(waiting.compactMap { $0.registration?["position"] as? Int }), Set(1...19))
        XCTAssertEqual(try h.count("SELECT seats_taken FROM t_events_club.events WHERE id = \(id)"), 5)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE status = 'registered'"), 5)
        XCTAssertEqual(try h.count("SELECT count(DISTINCT position) FROM t_events_club.event_registrations WHERE status = 'waitlisted'"), 19)

        // The winner cancels: the first in the waitlist takes the seat in the same transaction.
        let winner = try XCTUnwrap(winners.first?.user)
        let head = try XCTUnwrap(waiting.first { $0.registration?["position"] as? Int == 1 }?.user)
        let second = try XCTUnwrap(waiting.first { $0.registration?["position"] as? Int == 2 }?.user)
        XCTAssertEqual(try h.user("DELETE", registrations(id) + "/me", userID: winner).status, 200)
        let promoted = try h.user("GET", "/api/v1/events-club/sections/events/events/\(id)", userID: head)
        XCTAssertEqual(((promoted.json["event"] as? [String: Any])?["registration"] as? [String: Any])?["status"] as? String, "registered")
        let moved = try h.user("GET", "/api/v1/events-club/sections/events/events/\(id)", userID: second)
        let secondRegistration = (moved.json["event"] as? [String: Any])?["registration"] as? [String: Any]
        XCTAssertEqual(secondRegistration?["status"] as? String, "waitlisted")
        XCTAssertEqual(secondRegistration?["position"] as? Int, 1)
        XCTAssertEqual(try h.count("SELECT seats_taken FROM t_events_club.events WHERE id = \(id)"), 5)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE status = 'registered'"), 5)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE status = 'waitlisted'"), 18)

        // Staff raise the capacity by two: the next two move up.
        let raised = try h.admin("PATCH", "/admin/api/v1/events-club/events/\(id)", token: token, body: ["capacity": 7])
        XCTAssertEqual((raised.json["event"] as? [String: Any])?["seats_taken"] as? Int, 7)
        XCTAssertEqual((raised.json["event"] as? [String: Any])?["waitlisted"] as? Int, 16)
    }

    func test_ownRegistrations_andPaidTicketsWaitForPayment() throws {
        let free = try createEvent(["title": "Meetup"])
        let paid = try createEvent(["section": "masterclasses", "title": "Latte art"])
        _ = try createEvent(["title": "Not mine"])
        XCTAssertEqual(try h.user("POST", registrations(free), body: form).status, 201)
        let masterclass = try h.user(
            "POST", "/api/v1/events-club/sections/masterclasses/events/\(paid)/registrations",
            body: ["values": ["name": "Ann", "phone": "+1 555 0100", "comment": "left-handed"]])
        // This harness's Bot API is unreachable: no invoice, so no held seat (TicketPaymentsTests pays one).
        XCTAssertEqual(masterclass.status, 502, masterclass.text)
        XCTAssertEqual(masterclass.errorCode, "invoice_failed")
        XCTAssertEqual(try h.count("SELECT seats_taken::bigint FROM t_events_club.events WHERE id = \(paid)"), 0)

        let own = try h.user("GET", "/api/v1/events-club/me/registrations")
        XCTAssertEqual(own.status, 200, own.text)
        let list = try XCTUnwrap(own.json["registrations"] as? [[String: Any]])
        XCTAssertEqual(list.compactMap { ($0["event"] as? [String: Any])?["id"] as? Int }.sorted(), [free])
        XCTAssertEqual(Set(list.compactMap { $0["status"] as? String }), ["registered"])
        // Someone else has none.
        XCTAssertEqual((try h.user("GET", "/api/v1/events-club/me/registrations", userID: 7).json["registrations"] as? [Any])?.count, 0)
    }

    func test_eventsScreen_listsEventsWithTheCallersStatus_andTheEventScreenCarriesTheForm() throws {
        let id = try createEvent(["title": "Board games", "place": "Café", "capacity": 2])
        let screen = try h.user("GET", "/api/v1/events-club/screens/events")
        XCTAssertEqual(screen.status, 200, screen.text)
        let components = try XCTUnwrap((screen.json["screen"] as? [String: Any])?["components"] as? [[String: Any]])
        XCTAssertFalse(components.contains { $0["type"] as? String == "form" }, "the form lives on each event's screen")
        let upcoming = try XCTUnwrap(components.first { $0["source"] as? String == "events.upcoming" })
        let item = try XCTUnwrap((upcoming["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(item["title"] as? String, "Board games")
        XCTAssertEqual(item["badge"] as? String, "2 seats left")
        XCTAssertEqual((item["action"] as? [String: Any])?["detail"] as? String, "events/\(id)")

        let detail = try h.user("GET", "/api/v1/events-club/sections/events/events/\(id)")
        let parts = try XCTUnwrap((detail.json["screen"] as? [String: Any])?["components"] as? [[String: Any]])
        let form = try XCTUnwrap(parts.first { $0["type"] as? String == "form" })
        let action = ((form["submit"] as? [String: Any])?["action"] as? [String: Any])
        XCTAssertEqual(action?["path"] as? String, "/api/v1/{tenant}/sections/events/events/\(id)/registrations")

        XCTAssertEqual(try h.user("POST", registrations(id), body: self.form).status, 201)
        // Everybody sees the seat taken; only the caller's own part says they are in.
        let after = try h.user("GET", "/api/v1/events-club/screens/events")
        XCTAssertTrue(after.text.contains("1 seat left"), after.text)
        XCTAssertFalse(after.text.contains("You're in"), after.text)
        let mine = try h.user("GET", "/api/v1/events-club/screens/events/mine")
        let badge = ((mine.json["items"] as? [String: Any])?["event-\(id)"] as? [String: Any])?["badge"] as? String
        XCTAssertEqual(badge.map { $0.contains("You're in") }, true, mine.text)
        let registered = try h.user("GET", "/api/v1/events-club/sections/events/events/\(id)")
        let buttons = ((registered.json["screen"] as? [String: Any])?["components"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "button" }
        XCTAssertTrue(buttons.contains { (($0["action"] as? [String: Any])?["method"] as? String) == "DELETE" })
    }
}

/// Collects the racing requests' outcomes from URLSession's delegate queue.
private final class ResultBox: @unchecked Sendable {
    struct Outcome {
        var user: Int64
        var status: Int
        var registration: [String: Any]?
    }

    private let lock = NSLock()
    private var outcomes: [Outcome] = []

    func add(_ user: Int64, _ status: Int, _ registration: [String: Any]?) {
        lock.lock()
        outcomes.append(Outcome(user: user, status: status, registration: registration))
        lock.unlock()
    }

    var all: [Outcome] {
        lock.lock()
        defer { lock.unlock() }
        return outcomes
    }
}
