import Foundation
import Kernel
import Postgres
import TelegramSimulator
import TesseraTestSupport
import XCTest

/// Events' state changes raced: registrations, cancellations, ticket refunds, capacity changes
/// and deletions, each fired N times at once and asserting one outcome.
final class EventsRaceTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    static let slug = "events-club"
    static let admin = "/admin/api/v1/events-club"
    let form: [String: Any] = ["values": ["name": "Ann", "phone": "+1 555 0100", "comment": "window seat"]]

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "club_bot")
    }

    override func tearDown() { telegram?.stop() }

    func botCalls(_ method: String) -> Int {
        telegram.simulator.calls(botID: telegram.bot).filter { $0.method == method }.count
    }

    /// A masterclass (paid tickets, 250 Stars unless `price` says otherwise) next week.
    func masterclass(capacity: Int? = nil) throws -> Int {
        var body: [String: Any] = [
            "section": "masterclasses", "title": "Latte art",
            "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)),
        ]
        if let capacity { body["capacity"] = capacity }
        let reply = try h.admin("POST", Self.admin + "/events", token: try h.staffToken(Self.slug), body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return try XCTUnwrap((reply.json["event"] as? [String: Any])?["id"] as? Int)
    }

    func path(_ event: Int) -> String { "/api/v1/events-club/sections/masterclasses/events/\(event)/registrations" }

    func lock(_ event: Int) -> String { "SELECT 1 FROM t_events_club.events WHERE id = \(event) FOR UPDATE" }

    func seats(_ event: Int) throws -> Int64 {
        try h.count("SELECT seats_taken::bigint FROM t_events_club.events WHERE id = \(event)")
    }

    func statuses(_ event: Int) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for row in try h.pool.query(
            "SELECT status, count(*) FROM t_events_club.event_registrations WHERE event_id = \(Int64(event)) GROUP BY status"
        ) {
            out[try row.decode(String.self, 0)] = try row.decode(Int64.self, 1)
        }
        return out
    }

    /// Registers `user` and, with `pay`, pays the ticket through the simulator; returns the registration id.
    @discardableResult
    func register(_ event: Int, as user: Int64 = 424_242, pay: Bool = false) throws -> Int {
        let reply = try h.user("POST", path(event), userID: user, body: form)
        XCTAssertEqual(reply.status, 201, reply.text)
        let id = try XCTUnwrap((reply.json["registration"] as? [String: Any])?["id"] as? Int)
        if pay, let link = reply.json["invoice_link"] as? String {
            let outcome = try telegram.simulator.pay(
                botID: telegram.bot, user: Harness.user(id: user), invoiceLink: link)
            XCTAssertEqual(outcome.payment?.delivered, true)
        }
        return id
    }

    func test_racedRegistrations_takeOneSeatWithOneInvoice() throws {
        let event = try masterclass(capacity: 5)

        let answers = try h.raceUser(.heldRacers, "POST", path(event), slug: Self.slug, body: form, behind: lock(event))

        assertOneWinner(answers, "201", rest: "409 already_registered")
        XCTAssertEqual(try seats(event), 1)
        XCTAssertEqual(try statuses(event), ["pending_payment": 1])
        XCTAssertEqual(botCalls("createInvoiceLink"), 1, "one invoice for one seat")
    }

    func test_lastSeatRacedByManyPeople_goesToOneAndTheRestWait() throws {
        let event = try masterclass(capacity: 1)
        let people = try (1...Harness.heldRacers).map {
            try RaceRequest.user("POST", path(event), slug: Self.slug, userID: 510_000 + Int64($0), body: form)
        }

        let answers = try h.race(people, behind: lock(event))

        assertAllAlike(answers, "201")
        XCTAssertEqual(try seats(event), 1)
        XCTAssertEqual(try statuses(event), ["pending_payment": 1, "waitlisted": Int64(Harness.heldRacers - 1)])
        let positions = try h.pool.query(
            "SELECT position FROM t_events_club.event_registrations WHERE event_id = \(Int64(event)) AND status = 'waitlisted' ORDER BY position"
        ).map { try $0.decode(Int64.self, 0) }
        XCTAssertEqual(Set(positions).count, positions.count, "one place in line each: \(positions)")
    }

    func test_racedCancellations_freeTheSeatOnceAndPromoteOnce() throws {
        let event = try masterclass(capacity: 1)
        try register(event)
        try register(event, as: 500_001)
        try register(event, as: 500_002)
        XCTAssertEqual(try statuses(event), ["pending_payment": 1, "waitlisted": 2])

        let answers = try h.raceUser(.heldRacers, "DELETE", path(event) + "/me", slug: Self.slug, behind: lock(event))

        assertOneWinner(answers, "200", rest: "404 registration_not_found")
        XCTAssertEqual(try seats(event), 1, "the seat went to one person from the waitlist")
        XCTAssertEqual(try statuses(event), ["cancelled": 1, "pending_payment": 1, "waitlisted": 1])
    }

    func test_racedTicketRefunds_refundOnceThroughTelegram() throws {
        let event = try masterclass(capacity: 1)
        let id = try register(event, pay: true)
        try register(event, as: 500_001)
        XCTAssertEqual(try statuses(event), ["registered": 1, "waitlisted": 1])

        let answers = try h.raceAdmin(
            .racers, "POST", Self.admin + "/events/\(event)/registrations/\(id)/refund",
            token: try h.staffToken(Self.slug))

        assertAllAlike(answers, "200")
        for answer in answers {
            XCTAssertEqual(
                (answer.json["registration"] as? [String: Any])?["status"] as? String, "cancelled", answer.text)
        }
        XCTAssertEqual(botCalls("refundStarPayment"), 1, "one refund asked of Telegram")
        XCTAssertEqual(try seats(event), 1, "the freed seat went to the waitlist once")
        XCTAssertEqual(try statuses(event), ["cancelled": 1, "pending_payment": 1])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments WHERE refunded_at IS NOT NULL"), 1)
    }

    /// Telegram answers a refund and at once sends `refunded_payment`: the staff refund and that
    /// update lock the payment and the event in the same order, so neither is a deadlock victim.
    func test_ticketRefundsRacingTelegramsRefundedPaymentUpdate_neverDeadlock() throws {
        let event = try masterclass(capacity: 1)
        let id = try register(event, pay: true)
        let refund = try RaceRequest.staff(
            "POST", Self.admin + "/events/\(event)/registrations/\(id)/refund", token: try h.staffToken(Self.slug))

        // Held until both refunds and the update's processing wait on a lock.
        let answers = try h.race([refund, refund], behind: lock(event), waiters: 3)

        assertAllAlike(answers, "200")
        XCTAssertEqual(botCalls("refundStarPayment"), 1)
        let deadline = Date().addingTimeInterval(10)
        while try h.count("SELECT count(*) FROM t_events_club.updates WHERE kind = 'message' AND processed_at IS NULL")
            > 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_events_club.updates WHERE last_error IS NOT NULL OR attempts > 1"), 0,
            "the refunded_payment update was processed at its first attempt")
        XCTAssertEqual(try statuses(event), ["cancelled": 1])
    }

    func test_racedCapacityChanges_promoteTheWaitlistOnce() throws {
        let event = try masterclass(capacity: 1)
        for user: Int64 in [424_242, 500_001, 500_002, 500_003] { try register(event, as: user) }
        XCTAssertEqual(try statuses(event), ["pending_payment": 1, "waitlisted": 3])

        let answers = try h.raceAdmin(
            .heldRacers, "PATCH", Self.admin + "/events/\(event)", token: try h.staffToken(Self.slug),
            body: ["capacity": 3],
            behind: lock(event))

        assertAllAlike(answers, "200")
        XCTAssertEqual(try seats(event), 3)
        XCTAssertEqual(try statuses(event), ["pending_payment": 3, "waitlisted": 1])
    }

    func test_racedEventDeletes_deleteOnceAndTheOthersFindNothing() throws {
        let event = try masterclass()

        let answers = try h.raceAdmin(
            .heldRacers, "DELETE", Self.admin + "/events/\(event)", token: try h.staffToken(Self.slug),
            behind: lock(event))

        assertOneWinner(answers, "204", rest: "404 event_not_found")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.events WHERE id = \(event)"), 0)
    }
}

extension EventsRaceTests {
    func test_racedInvoiceRequests_keepOneUnpaidSeat() throws {
        let event = try masterclass(capacity: 2)
        try register(event)

        let answers = try h.raceUser(.racers, "POST", path(event) + "/me/invoice", slug: Self.slug)

        // A fresh link each time (documented); every link pays the one registration.
        assertAllAlike(answers, "200")
        XCTAssertEqual(try seats(event), 1)
        XCTAssertEqual(try statuses(event), ["pending_payment": 1])
    }

    func test_racedNewsDeletes_deleteOnceAndTheOthersFindNothing() throws {
        let token = try h.staffToken(Self.slug)
        let created = try h.admin(
            "POST", Self.admin + "/news", token: token, body: ["section": "news", "title": "Doors open"])
        XCTAssertEqual(created.status, 201, created.text)
        let post = try XCTUnwrap((created.json["post"] as? [String: Any])?["id"] as? Int)

        let answers = try h.raceAdmin(
            .heldRacers, "DELETE", Self.admin + "/news/\(post)", token: token,
            behind: "SELECT 1 FROM t_events_club.news_posts WHERE id = \(post) FOR UPDATE")

        assertOneWinner(answers, "204", rest: "404 post_not_found")
    }
}
