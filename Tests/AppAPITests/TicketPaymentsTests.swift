import AppAPI
import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Paid event tickets end to end: registration → Stars invoice (payload `ticket:<id>`) →
/// pre_checkout_query → successful_payment through the simulator and the webhook; duplicate
/// payments, lazy expiry of unpaid seats, refunds that move the waitlist up.
final class TicketPaymentsTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    var token = ""
    static let slug = "events-club"
    let form: [String: Any] = ["values": ["name": "Ann", "phone": "+1 555 0100", "comment": "left-handed"]]

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Harness.tokens[Self.slug]!, username: "club_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, simulatorURL: simulator.baseURL)
        try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            .register(try TenantSlug(Self.slug))
        token = try h.staffToken(Self.slug)
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func masterclass(capacity: Int? = nil, price: Int? = nil) throws -> Int {
        var body: [String: Any] = [
            "section": "masterclasses", "title": "Latte art", "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)),
        ]
        if let capacity { body["capacity"] = capacity }
        if let price { body["price_stars"] = price }
        let reply = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: body)
        XCTAssertEqual(reply.status, 201, reply.text)
        return (reply.json["event"] as? [String: Any])?["id"] as? Int ?? 0
    }

    func path(_ event: Int) -> String { "/api/v1/events-club/sections/masterclasses/events/\(event)" }

    func register(_ event: Int, as user: Int64 = 424_242) throws -> Harness.Reply {
        try h.user("POST", path(event) + "/registrations", userID: user, body: form)
    }

    func status(_ event: Int, of user: Int64) throws -> String? {
        try h.pool.query(
            """
            SELECT r.status FROM t_events_club.event_registrations r JOIN t_events_club.participants p ON p.id = r.participant_id
            WHERE r.event_id = \(Int64(event)) AND p.telegram_id = \(user)
            """
        ).first?.decode(String.self, 0)
    }

    func seats(_ event: Int) throws -> Int64 {
        try h.count("SELECT seats_taken::bigint FROM t_events_club.events WHERE id = \(Int64(event))")
    }

    func test_fullTicketPurchase_invoicePreCheckoutPaymentAndTheTicketIsRegistered() throws {
        let event = try masterclass()
        let reply = try register(event)
        XCTAssertEqual(reply.status, 201, reply.text)
        let registration = try XCTUnwrap(reply.json["registration"] as? [String: Any])
        XCTAssertEqual(registration["status"] as? String, "pending_payment")
        XCTAssertEqual(registration["price_stars"] as? Int, 250)
        XCTAssertNotNil(registration["expires_at"] as? String)
        let id = try XCTUnwrap(registration["id"] as? Int)
        let link = try XCTUnwrap(reply.json["invoice_link"] as? String)
        XCTAssertEqual(reply.json["simulated_payment"] as? String, "/api/v1/{tenant}/me/registrations/\(id)/simulated-payment")
        let invoices = try XCTUnwrap(
            try h.send(URLRequest(url: URL(string: "\(simulator.baseURL)/sim/bots/\(bot)")!)).json["invoices"] as? [[String: Any]])
        let invoice = try XCTUnwrap(invoices.first { $0["link"] as? String == link })
        XCTAssertEqual(invoice["currency"] as? String, "XTR")
        XCTAssertEqual(invoice["amount"] as? Int, 250)
        XCTAssertEqual(invoice["payload"] as? String, "ticket:\(id)")

        // The event screen offers to pay while the seat is held.
        let screen = try h.user("GET", path(event))
        XCTAssertTrue(screen.text.contains("Pay 250 ⭐"), screen.text)

        // Someone else cannot pay this ticket.
        let other = try simulator.pay(botID: bot, user: Harness.user(id: 777), invoiceLink: link)
        XCTAssertEqual(other.answer?.ok, false)

        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(outcome.answer, PreCheckoutAnswer(ok: true, errorMessage: nil))
        XCTAssertEqual(outcome.payment?.delivered, true)
        XCTAssertEqual(try status(event, of: 424_242), "registered")
        XCTAssertEqual(try seats(event), 1)
        let own = try h.user("GET", "/api/v1/events-club/me/registrations")
        XCTAssertEqual((own.json["registrations"] as? [[String: Any]])?.first?["status"] as? String, "registered")
        // A paid ticket is not cancelled by its holder (a refund does that) and has no cancel button.
        XCTAssertEqual(try h.user("DELETE", path(event) + "/registrations/me").errorCode, "ticket_paid")
        XCTAssertFalse(try h.user("GET", path(event)).text.contains("Cancel registration"))
        // Paying again is declined at pre-checkout.
        let again = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link)
        XCTAssertEqual(again.answer?.ok, false)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments"), 1)
    }

    func test_paymentRouter_sendsEachPayloadToItsAreaAndDeclinesUnknownOnes() throws {
        let bot = TelegramBot(token: Harness.tokens[Self.slug]!, client: BotAPIClient(baseURL: simulator.baseURL))
        let unknown = try bot.createInvoiceLink(
            title: "Gift", description: "A gift", payload: "gift:1", prices: [LabeledPrice(label: "Gift", amount: 5)])
        XCTAssertEqual(
            try simulator.pay(botID: self.bot, user: Harness.user(), invoiceLink: unknown).answer,
            PreCheckoutAnswer(ok: false, errorMessage: PaymentRouter.unknownInvoice))
        // An order payload goes to the shop, which finds no such order here.
        let order = try bot.createInvoiceLink(
            title: "Order", description: "An order", payload: "order:999", prices: [LabeledPrice(label: "Order", amount: 5)])
        let answer = try simulator.pay(botID: self.bot, user: Harness.user(), invoiceLink: order).answer
        XCTAssertEqual(answer?.ok, false)
        XCTAssertNotEqual(answer?.errorMessage, PaymentRouter.unknownInvoice)
        // A ticket payload for no registration goes to events.
        let ticket = try bot.createInvoiceLink(
            title: "Ticket", description: "A ticket", payload: "ticket:999", prices: [LabeledPrice(label: "Ticket", amount: 5)])
        XCTAssertEqual(
            try simulator.pay(botID: self.bot, user: Harness.user(), invoiceLink: ticket).answer,
            PreCheckoutAnswer(ok: false, errorMessage: "This ticket is no longer available. Please register again."))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments"), 0)
    }

    func test_simulatedPayment_paysTheTicketInDevMode() throws {
        let event = try masterclass()
        let reply = try register(event)
        let simulated = try XCTUnwrap(reply.json["simulated_payment"] as? String).replacingOccurrences(of: "{tenant}", with: "events-club")
        let paid = try h.user("POST", simulated, body: [String: Any]())
        XCTAssertEqual(paid.status, 200, paid.text)
        XCTAssertEqual(paid.json["paid"] as? Bool, true, paid.text)
        XCTAssertEqual(try status(event, of: 424_242), "registered")
    }

    func test_duplicateSuccessfulPayment_changesNothing() throws {
        let event = try masterclass()
        let reply = try register(event)
        let id = try XCTUnwrap((reply.json["registration"] as? [String: Any])?["id"] as? Int)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: reply.json["invoice_link"] as? String ?? "")
        let charge = try XCTUnwrap(outcome.chargeID)
        let me = Harness.user()
        for updateID: Int64 in [9_600_001, 9_600_002, 9_600_002] {
            let update: JSONObject = [
                "update_id": .int(updateID),
                "message": [
                    "message_id": .int(updateID), "from": me.botAPIJSON, "chat": ["id": .int(me.id), "type": "private"], "date": 0,
                    "successful_payment": [
                        "currency": "XTR", "total_amount": 250, "invoice_payload": .string("ticket:\(id)"),
                        "telegram_payment_charge_id": .string(charge),
                    ],
                ],
            ]
            XCTAssertEqual(simulator.pushRaw(botID: bot, update: update).status, 200)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE status = 'registered'"), 1)
        XCTAssertEqual(try seats(event), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.updates WHERE processed_at IS NULL"), 0)
    }

    func test_expiry_freesTheSeatAndMovesTheWaitlistUp() throws {
        let event = try masterclass(capacity: 1)
        let first = try register(event)
        XCTAssertEqual(first.status, 201, first.text)
        let link = try XCTUnwrap(first.json["invoice_link"] as? String)
        XCTAssertEqual((try register(event, as: 5).json["registration"] as? [String: Any])?["status"] as? String, "waitlisted")
        try h.pool.execute(
            "UPDATE t_events_club.event_registrations SET expires_at = now() - interval '1 minute' WHERE status = 'pending_payment'")
        // Paying an expired reservation is declined.
        XCTAssertEqual(try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: link).answer?.ok, false)
        // Any look at the event expires it lazily: the seat goes to the waitlist.
        XCTAssertEqual(try h.user("GET", path(event), userID: 6).status, 200)
        XCTAssertEqual(try status(event, of: 424_242), "cancelled")
        XCTAssertEqual(try status(event, of: 5), "pending_payment")
        XCTAssertEqual(try seats(event), 1)
        // The promoted participant gets an invoice for the held seat.
        let invoice = try h.user("POST", path(event) + "/registrations/me/invoice", userID: 5, body: [String: Any]())
        XCTAssertEqual(invoice.status, 200, invoice.text)
        let paid = try simulator.pay(botID: bot, user: Harness.user(id: 5), invoiceLink: invoice.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(paid.answer?.ok, true)
        XCTAssertEqual(try status(event, of: 5), "registered")
        // The first participant may register again: the event is full, so the waitlist.
        XCTAssertEqual((try register(event).json["registration"] as? [String: Any])?["status"] as? String, "waitlisted")
    }

    func test_refund_cancelsTheTicketMovesTheWaitlistUpAndIsIdempotent() throws {
        let event = try masterclass(capacity: 1)
        let first = try register(event)
        let id = try XCTUnwrap((first.json["registration"] as? [String: Any])?["id"] as? Int)
        let refundPath = "/admin/api/v1/events-club/events/\(event)/registrations/\(id)/refund"
        XCTAssertEqual(try h.admin("POST", refundPath, token: token).errorCode, "registration_not_refundable")
        _ = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: first.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(try status(event, of: 424_242), "registered")
        XCTAssertEqual((try register(event, as: 5).json["registration"] as? [String: Any])?["status"] as? String, "waitlisted")

        let refund = try h.admin("POST", refundPath, token: token)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual((refund.json["registration"] as? [String: Any])?["status"] as? String, "cancelled")
        XCTAssertEqual(try status(event, of: 424_242), "cancelled")
        XCTAssertEqual(try status(event, of: 5), "pending_payment", "the waitlist moves up as after a cancellation")
        XCTAssertEqual(try seats(event), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.payments WHERE refunded_at IS NOT NULL"), 1)
        let list = try h.admin("GET", "/admin/api/v1/events-club/events/\(event)/registrations", token: token)
        let rows = try XCTUnwrap(list.json["registrations"] as? [[String: Any]], list.text)
        let refunded = try XCTUnwrap(rows.first { $0["id"] as? Int == id })
        XCTAssertNotNil(refunded["paid_at"] as? String)
        XCTAssertNotNil(refunded["refunded_at"] as? String)
        XCTAssertEqual(refunded["price_stars"] as? Int, 250)
        XCTAssertNotNil(rows.first { $0["status"] as? String == "pending_payment" }?["expires_at"] as? String)
        // Telegram's refunded_payment arrives too; a second refund call changes nothing.
        let deadline = Date().addingTimeInterval(5)
        while try h.count("SELECT count(*) FROM t_events_club.updates WHERE payload::text LIKE '%refunded_payment%' AND processed_at IS NOT NULL") == 0,
            Date() < deadline
        { Thread.sleep(forTimeInterval: 0.05) }
        let again = try h.admin("POST", refundPath, token: token)
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertEqual(try status(event, of: 5), "pending_payment")
        XCTAssertEqual(try seats(event), 1)
    }

    func test_deleteEvent_isRefusedWhilePaidTicketsAreNotRefunded() throws {
        let event = try masterclass()
        let first = try register(event)
        let id = try XCTUnwrap((first.json["registration"] as? [String: Any])?["id"] as? Int)
        _ = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: first.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(try status(event, of: 424_242), "registered")
        XCTAssertEqual(try register(event, as: 5).status, 201, "an unpaid registration does not block the delete")

        let eventPath = "/admin/api/v1/events-club/events/\(event)"
        let refused = try h.admin("DELETE", eventPath, token: token)
        XCTAssertEqual(refused.status, 409, refused.text)
        XCTAssertEqual(refused.errorCode, "event_has_paid_tickets")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.events WHERE id = \(Int64(event))"), 1)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_events_club.event_registrations WHERE paid_at IS NOT NULL"), 1)

        let refund = try h.admin(
            "POST", "/admin/api/v1/events-club/events/\(event)/registrations/\(id)/refund", token: token)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual(try h.admin("DELETE", eventPath, token: token).status, 204, "refunded tickets do not block")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.events WHERE id = \(Int64(event))"), 0)
    }

    func test_paymentRefund_ofARegisteredTicketCancelsTheTicket_andManagersMayNotRefundOrDelete() throws {
        let event = try masterclass(capacity: 1)
        let first = try register(event)
        let id = try XCTUnwrap((first.json["registration"] as? [String: Any])?["id"] as? Int)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: first.json["invoice_link"] as? String ?? "")
        XCTAssertEqual(try status(event, of: 424_242), "registered")

        let manager = try h.staffToken(Self.slug, role: .manager)
        let ticketRefund = "/admin/api/v1/events-club/events/\(event)/registrations/\(id)/refund"
        for (method, path) in [("POST", ticketRefund), ("DELETE", "/admin/api/v1/events-club/events/\(event)")] {
            let reply = try h.admin(method, path, token: manager)
            XCTAssertEqual(reply.status, 403, reply.text)
            XCTAssertEqual(reply.errorCode, "forbidden_role")
        }
        let list = try h.admin("GET", "/admin/api/v1/events-club/payments?status=all", token: manager)
        XCTAssertEqual(list.status, 200, list.text)
        let payment = try XCTUnwrap((list.json["payments"] as? [[String: Any]])?.first)
        XCTAssertEqual((payment["registration"] as? [String: Any])?["id"] as? Int, id)
        XCTAssertEqual(payment["matched"] as? Bool, true)
        let paymentRefund = "/admin/api/v1/events-club/payments/\(payment["id"] as? Int ?? 0)/refund"
        XCTAssertEqual(try h.admin("POST", paymentRefund, token: manager).errorCode, "forbidden_role")
        XCTAssertEqual(try status(event, of: 424_242), "registered")

        let refund = try h.admin("POST", paymentRefund, token: token)
        XCTAssertEqual(refund.status, 200, refund.text)
        XCTAssertEqual(refund.json["already_refunded"] as? Bool, false)
        XCTAssertEqual(try status(event, of: 424_242), "cancelled", "the ticket is reversed through its own refund")
        XCTAssertEqual(try seats(event), 0)
        let charges = try h.send(URLRequest(url: URL(string: "\(simulator.baseURL)/sim/bots/\(bot)")!)).json["charges"] as? [[String: Any]]
        XCTAssertEqual(charges?.first { $0["telegram_payment_charge_id"] as? String == outcome.chargeID }?["refunded"] as? Bool, true)
        XCTAssertEqual(try h.admin("POST", paymentRefund, token: token).json["already_refunded"] as? Bool, true)
    }

    func test_refundMadeOutsideTessera_convergesThroughTheRefundedPaymentUpdate() throws {
        let event = try masterclass(capacity: 1)
        let first = try register(event)
        let outcome = try simulator.pay(botID: bot, user: Harness.user(), invoiceLink: first.json["invoice_link"] as? String ?? "")
        let direct = TelegramBot(token: Harness.tokens[Self.slug]!, client: BotAPIClient(baseURL: simulator.baseURL))
        try direct.refundStarPayment(userID: Harness.user().id, chargeID: try XCTUnwrap(outcome.chargeID))
        let deadline = Date().addingTimeInterval(5)
        while try status(event, of: 424_242) != "cancelled", Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(try status(event, of: 424_242), "cancelled")
        XCTAssertEqual(try seats(event), 0)
    }
}
