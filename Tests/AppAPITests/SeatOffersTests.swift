import AppAPI
import Events
import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The bot's message to someone moved up from the waitlist into a paid seat (`SeatOffers`),
/// through the simulator: the message in their language with a button opening the invoice of
/// the held seat, once per promotion, retried on 429, given up on a blocked bot.
final class SeatOffersTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    var simulator: TelegramSimulator { telegram.simulator }
    var token = ""
    static let slug = "events-club"
    let form: [String: Any] = ["values": ["name": "Ann", "phone": "+1 555 0100", "comment": "-"]]
    /// Russian-speaking, has started the bot.
    let boris = TelegramUser(id: 730_002, firstName: "Борис", languageCode: "ru")
    let cleo = TelegramUser(id: 730_003, firstName: "Cleo", languageCode: "en")

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "club_bot")
        // Offers go out through the job runner, woken by the NOTIFY of each promotion's job.
        h.context.jobs.start(listenOn: h.configuration)
        XCTAssertTrue(h.context.jobs.notificationListener?.waitUntilListening(timeout: 30) ?? false)
        token = try h.staffToken(Self.slug)
        for user in [boris, cleo] {
            XCTAssertEqual(simulator.sendStart(botID: telegram.bot, user: user).delivered, true)
        }
    }

    override func tearDown() { telegram?.stop() }

    var tenant: LiveTenant { h.registry.tenant(Self.slug)! }
    var offers: SeatOffers { h.context.area(EventsArea.self)!.seatOffers }

    func masterclass(capacity: Int) throws -> Int {
        let reply = try h.admin(
            "POST", "/admin/api/v1/events-club/events", token: token,
            body: [
                "section": "masterclasses", "title": "Latte art", "capacity": capacity,
                "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)),
            ])
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["event"] as? [String: Any])?["id"] as? Int ?? 0
    }

    func path(_ event: Int) -> String { "/api/v1/events-club/sections/masterclasses/events/\(event)" }

    func register(_ event: Int, as user: Int64) throws -> Harness.Reply {
        try h.user("POST", path(event) + "/registrations", userID: user, body: form)
    }

    /// A call of the mini app as `person` (their own language).
    func call(_ method: String, _ path: String, as person: TelegramUser, body: Any? = nil) throws -> Harness.Reply {
        try h.call(
            method, path, body: body, headers: ["Authorization": "tma " + Harness.initData(Self.slug, user: person)])
    }

    /// `user` holds the event's only seat, paid; `waiting` are on the waitlist in this order.
    func fullEvent(heldBy user: Int64 = 424_242, waiting: [TelegramUser]) throws -> (event: Int, registration: Int) {
        let event = try masterclass(capacity: 1)
        let first = try register(event, as: user)
        XCTAssertEqual(first.status, 201, first.text)
        let paid = try simulator.pay(
            botID: telegram.bot, user: Harness.user(id: user), invoiceLink: first.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(paid.payment?.delivered, true)
        for person in waiting {
            let reply = try call("POST", path(event) + "/registrations", as: person, body: form)
            XCTAssertEqual(
                (reply.json["registration"] as? [String: Any])?["status"] as? String, "waitlisted", reply.text)
        }
        return (event, try XCTUnwrap((first.json["registration"] as? [String: Any])?["id"] as? Int))
    }

    func refund(event: Int, registration: Int) throws {
        let reply = try h.admin(
            "POST", "/admin/api/v1/events-club/events/\(event)/registrations/\(registration)/refund", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    /// The bot's messages to `user` once there are at least `count` (or the wait is over).
    /// The bot's messages to `user` but the welcome their `/start` got (events-club's welcome
    /// begins with its owl, in both languages).
    func messages(to user: TelegramUser, atLeast count: Int = 1) -> [JSONValue] {
        func offers() -> [JSONValue] {
            simulator.sentMessages(botID: telegram.bot, chatID: user.id).filter {
                $0["text"]?.stringValue?.hasPrefix("🦉") != true
            }
        }
        let deadline = Date().addingTimeInterval(30)
        var sent = offers()
        while sent.count < count, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            sent = offers()
        }
        return sent
    }

    func offerStates() throws -> [String] {
        try h.pool.query("SELECT state FROM t_events_club.seat_offers ORDER BY id").map {
            try $0.decode(String.self, 0)
        }
    }

    func status(_ event: Int, of user: Int64) throws -> String? {
        try h.pool.query(
            """
            SELECT r.status FROM t_events_club.event_registrations r JOIN t_events_club.participants p ON p.id = r.participant_id
            WHERE r.event_id = \(Int64(event)) AND p.telegram_id = \(user)
            """
        ).first?.decode(String.self, 0)
    }

    func sendMessageCalls() -> Int {
        simulator.calls(botID: telegram.bot).filter { $0.method.lowercased() == "sendmessage" }.count
    }

    func test_freedSeat_thePromotedPersonGetsTheMessageWithTheInvoice_once() throws {
        let (event, registration) = try fullEvent(waiting: [boris])
        try refund(event: event, registration: registration)
        XCTAssertEqual(try status(event, of: boris.id), "pending_payment")

        let sent = messages(to: boris)
        XCTAssertEqual(sent.count, 1)
        // The simulator sees the message before the job's transaction commits: wait for the commit.
        let committed = Date().addingTimeInterval(30)
        while try offerStates() != ["sent"], Date() < committed { Thread.sleep(forTimeInterval: 0.05) }
        let message = try XCTUnwrap(sent.first)
        let text = message["text"]?.stringValue ?? ""
        XCTAssertTrue(text.contains("Освободилось место на «Latte art»"), text)
        XCTAssertTrue(text.contains("24 ч") && text.contains("250 ⭐"), text)
        let button = try XCTUnwrap(message["reply_markup"]?["inline_keyboard"]?[0]?[0])
        XCTAssertEqual(button["text"]?.stringValue, "Оплатить 250 ⭐")
        let link = try XCTUnwrap(button["url"]?.stringValue)
        let reg = try h.count(
            """
            SELECT r.id FROM t_events_club.event_registrations r JOIN t_events_club.participants p ON p.id = r.participant_id
            WHERE p.telegram_id = \(boris.id)
            """)
        let invoices = try XCTUnwrap(
            try h.send(URLRequest(url: URL(string: "\(simulator.baseURL)/sim/bots/\(telegram.bot)")!)).json["invoices"]
                as? [[String: Any]])
        let invoice = try XCTUnwrap(invoices.first { $0["link"] as? String == link })
        XCTAssertEqual(invoice["payload"] as? String, "ticket:\(reg)")
        XCTAssertEqual(invoice["amount"] as? Int, 250)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_events_club.messages WHERE direction = 'out' AND text NOT LIKE '🦉%'"), 1,
            "kept for the inbox")

        // Telegram's refunded_payment for the same refund, a sweep, and another kick send nothing more.
        let deadline = Date().addingTimeInterval(30)
        while try h.count(
            "SELECT count(*) FROM t_events_club.updates WHERE payload::text LIKE '%refunded_payment%' AND processed_at IS NOT NULL"
        ) == 0,
            Date() < deadline
        { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(offers.deliver(tenant), 0)
        XCTAssertEqual(try offerStates(), ["sent"])
        XCTAssertEqual(messages(to: boris, atLeast: 0).count, 1)

        // The button's invoice pays the held seat.
        let paid = try simulator.pay(botID: telegram.bot, user: boris, invoiceLink: link)
        XCTAssertEqual(paid.answer?.ok, true)
        XCTAssertEqual(try status(event, of: boris.id), "registered")
    }

    func test_promotedSeatExpiring_movesTheNextPersonUp_whoIsToldToo() throws {
        let (event, registration) = try fullEvent(waiting: [boris, cleo])
        try refund(event: event, registration: registration)
        XCTAssertEqual(messages(to: boris).count, 1)
        // Boris does not pay in time; the next look at the event expires his hold.
        try h.pool.execute(
            "UPDATE t_events_club.event_registrations SET expires_at = now() - interval '1 minute' WHERE status = 'pending_payment'"
        )
        XCTAssertEqual(try h.user("GET", path(event), userID: 6).status, 200)
        XCTAssertEqual(try status(event, of: boris.id), "cancelled")
        XCTAssertEqual(try status(event, of: cleo.id), "pending_payment")
        let sent = messages(to: cleo)
        XCTAssertEqual(sent.count, 1)
        XCTAssertTrue(
            sent.first?["text"]?.stringValue?.hasPrefix("A seat has freed up at “Latte art”") ?? false, "\(sent)")
        XCTAssertEqual(try offerStates(), ["sent", "sent"])
    }

    /// An offer whose seat is gone before the message goes out is dropped without one.
    func test_offerForASeatNoLongerHeld_isObsolete() throws {
        let (event, registration) = try fullEvent(waiting: [boris])
        simulator.injectFault(botID: telegram.bot, method: "createInvoiceLink", count: 2, errorCode: 500)
        try refund(event: event, registration: registration)
        let deadline = Date().addingTimeInterval(30)
        while try h.count("SELECT count(*) FROM t_events_club.seat_offers WHERE last_error IS NOT NULL") == 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Boris cancels meanwhile; the retry finds nothing to offer.
        XCTAssertEqual(try call("DELETE", path(event) + "/registrations/me", as: boris).status, 200)
        try h.pool.execute("UPDATE t_events_club.seat_offers SET next_attempt_at = now()")
        XCTAssertEqual(offers.deliver(tenant), 0)
        // (A kick from Telegram's refunded_payment may be the delivery that drops it.)
        let settled = Date().addingTimeInterval(30)
        while try offerStates() == ["pending"], Date() < settled { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(try offerStates(), ["obsolete"])
        XCTAssertEqual(messages(to: boris, atLeast: 0).count, 0)
    }

    func test_floodControl_isWaitedOutOrRescheduled() throws {
        let (event, registration) = try fullEvent(waiting: [boris])
        // A long retry_after (more than the client waits in place) reschedules the offer.
        simulator.injectFault(botID: telegram.bot, method: "sendMessage", count: 2, errorCode: 429, retryAfter: 30)
        try refund(event: event, registration: registration)
        let deadline = Date().addingTimeInterval(30)
        while try h.count("SELECT count(*) FROM t_events_club.seat_offers WHERE last_error IS NOT NULL") == 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let row = try XCTUnwrap(
            try h.pool.query(
                "SELECT state, next_attempt_at > now() + interval '20 seconds', last_error FROM t_events_club.seat_offers"
            ).first)
        XCTAssertEqual(try row.decode(String.self, 0), "pending")
        XCTAssertTrue(try row.decode(Bool.self, 1), "due again after retry_after")
        XCTAssertTrue(try row.decode(String?.self, 2)?.contains("429") ?? false)
        XCTAssertEqual(offers.deliver(tenant), 0, "not due yet")
        // When it is due, a short retry_after is waited out in place and the message goes out.
        try h.pool.execute("UPDATE t_events_club.seat_offers SET next_attempt_at = now()")
        simulator.clearFaults(botID: telegram.bot)
        simulator.injectFault(botID: telegram.bot, method: "sendMessage", count: 1, errorCode: 429, retryAfter: 1)
        offers.deliver(tenant)  // (a kick from Telegram's refunded_payment may be the one that sends it)
        XCTAssertEqual(messages(to: boris).count, 1)
        XCTAssertEqual(try offerStates(), ["sent"])
        XCTAssertEqual(try h.count("SELECT attempts::bigint FROM t_events_club.seat_offers"), 2)
    }

    func test_blockedBot_marksThePersonUnreachable_andIsNotRetried() throws {
        let (event, registration) = try fullEvent(waiting: [boris])
        _ = simulator.setBlocked(botID: telegram.bot, user: boris, blocked: true, notify: false)
        try refund(event: event, registration: registration)
        let deadline = Date().addingTimeInterval(30)
        while try offerStates() != ["failed"], Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(try offerStates(), ["failed"])
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM t_events_club.participants WHERE telegram_id = \(boris.id) AND NOT reachable"), 1)
        let calls = sendMessageCalls()
        try h.pool.execute("UPDATE t_events_club.seat_offers SET next_attempt_at = now()")
        for _ in 0..<3 { XCTAssertEqual(offers.deliver(tenant), 0) }
        XCTAssertEqual(sendMessageCalls(), calls, "no further attempts")
        XCTAssertEqual(try status(event, of: boris.id), "pending_payment", "the seat stays held; the app shows it")
    }

    /// A free meetup: the person moved up is registered at once, and told so (no invoice).
    func test_freeSeat_thePromotedPersonIsToldTheyAreRegistered() throws {
        let created = try h.admin(
            "POST", "/admin/api/v1/events-club/events", token: token,
            body: [
                "section": "events", "title": "Cupping", "capacity": 1,
                "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)),
            ])
        let event = try XCTUnwrap((created.json["event"] as? [String: Any])?["id"] as? Int, created.text)
        let meetup = "/api/v1/events-club/sections/events/events/\(event)/registrations"
        let values: [String: Any] = ["values": ["name": "Ann", "email": "ann@example.com"]]
        XCTAssertEqual(try h.user("POST", meetup, userID: 424_242, body: values).status, 201)
        XCTAssertEqual(
            (try call("POST", meetup, as: cleo, body: values).json["registration"] as? [String: Any])?["status"]
                as? String, "waitlisted")
        XCTAssertEqual(try h.user("DELETE", meetup + "/me", userID: 424_242).status, 200)
        XCTAssertEqual(try status(event, of: cleo.id), "registered")
        let sent = messages(to: cleo)
        XCTAssertEqual(sent.count, 1)
        let text = sent.first?["text"]?.stringValue ?? ""
        XCTAssertTrue(
            text.hasPrefix("A seat has freed up at “Cupping” (")
                && text.hasSuffix("): you're registered. See you there!"), text)
        XCTAssertNil(sent.first?["reply_markup"])
    }
}
