import AppAPI
import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The ban list end to end: staff ban and unban over HTTP, and a banned participant is refused by
/// the mini-app API, the webhook and the pre-checkout, on this server and on another one.
final class BanListTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    var staff = ""

    static let ann = TelegramUser(id: 710_001, firstName: "Ann", username: "ann", languageCode: "en")
    static let bob = TelegramUser(id: 710_002, firstName: "Bob", languageCode: "en")

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, payments: AcceptingShop())
        try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            .register(try TenantSlug("coffee-shop"))
        staff = try h.staffToken("coffee-shop", role: .manager)
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func app(_ user: TelegramUser, on harness: Harness? = nil, port: Int? = nil) throws -> Harness.Reply {
        let auth = ["Authorization": "tma " + Harness.initData("coffee-shop", user: user)]
        guard let port else { return try h.get("/api/v1/coffee-shop/app", headers: auth) }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/coffee-shop/app")!)
        for (k, v) in auth { request.setValue(v, forHTTPHeaderField: k) }
        return try h.send(request)
    }

    func participantID(_ user: TelegramUser) throws -> Int64 {
        try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(user.id)").first!.decode(
            Int64.self, 0)
    }

    func ban(_ id: Int64, _ body: [String: Any] = ["reason": "spam in the chat"]) throws -> Harness.Reply {
        try h.admin("POST", "/admin/api/v1/coffee-shop/participants/\(id)/ban", token: staff, body: body)
    }

    func test_ban_refusesTheMiniApp_andUnbanRestoresIt_withTheHistoryKept() throws {
        XCTAssertEqual(try app(Self.ann).status, 200)
        let id = try participantID(Self.ann)

        let banned = try ban(id)
        XCTAssertEqual(banned.status, 201, banned.text)
        let event = try XCTUnwrap(banned.json["event"] as? [String: Any])
        XCTAssertEqual(event["action"] as? String, "ban")
        XCTAssertEqual(event["reason"] as? String, "spam in the chat")

        // The cached participant is forgotten at once: the very next call is refused.
        let refused = try app(Self.ann)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.errorCode, "banned")
        XCTAssertEqual(try app(Self.bob).status, 200, "others are not affected")
        let areaRoute = try h.call(
            "GET", "/api/v1/coffee-shop/screens/menu",
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: Self.ann)])
        XCTAssertEqual(areaRoute.errorCode, "banned")

        let list = try h.admin("GET", "/admin/api/v1/coffee-shop/bans", token: staff)
        XCTAssertEqual(list.status, 200)
        let bans = try XCTUnwrap(list.json["bans"] as? [[String: Any]])
        XCTAssertEqual(bans.count, 1)
        XCTAssertEqual((bans[0]["participant"] as? [String: Any])?["telegram_id"] as? Int, Int(Self.ann.id))

        let unbanned = try h.admin(
            "DELETE", "/admin/api/v1/coffee-shop/participants/\(id)/ban", token: staff, body: ["reason": "apologised"])
        XCTAssertEqual(unbanned.status, 200, unbanned.text)
        XCTAssertEqual(try app(Self.ann).status, 200)
        XCTAssertEqual(
            (try h.admin("GET", "/admin/api/v1/coffee-shop/bans", token: staff).json["bans"] as? [Any])?.count, 0)

        let history = try h.admin("GET", "/admin/api/v1/coffee-shop/participants/\(id)/bans", token: staff)
        XCTAssertEqual(history.status, 200)
        let events = try XCTUnwrap(history.json["events"] as? [[String: Any]])
        XCTAssertEqual(events.map { $0["action"] as? String }, ["unban", "ban"])
        XCTAssertTrue(history.json["ban"] is NSNull)
        XCTAssertThrowsError(
            try h.pool.execute("UPDATE t_coffee_shop.ban_events SET reason = 'x'"), "history is append-only")
    }

    func test_ban_validatesItsBody_andNamesTheParticipantThatIsMissing() throws {
        XCTAssertEqual(try app(Self.ann).status, 200)
        let id = try participantID(Self.ann)
        let invalid = try ban(id, ["until": "2001-01-01T00:00:00Z", "color": "red"])
        XCTAssertEqual(invalid.status, 422)
        XCTAssertEqual(invalid.detailFields, ["reason", "until", "color"])
        XCTAssertEqual(try ban(999_999).errorCode, "participant_not_found")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.ban_events"), 0)
        let notBanned = try h.admin("DELETE", "/admin/api/v1/coffee-shop/participants/\(id)/ban", token: staff)
        XCTAssertEqual(notBanned.errorCode, "not_banned")
        // Another tenant's staff cannot reach this participant.
        let other = try h.staffToken("events-club")
        XCTAssertEqual(
            try h.admin("POST", "/admin/api/v1/events-club/participants/\(id)/ban", token: other, body: ["reason": "x"])
                .errorCode,
            "participant_not_found")
    }

    func test_racingBans_andRacingUnbans_haveOneOutcomeEach() throws {
        XCTAssertEqual(try app(Self.ann).status, 200)
        let id = try participantID(Self.ann)
        let headers = ["Authorization": "Bearer " + staff]
        let lock = "SELECT 1 FROM t_coffee_shop.participants WHERE id = \(id) FOR UPDATE"
        let bans = try h.race(
            Harness.heldRacers, "POST", "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: headers,
            body: ["reason": "raced"], behind: lock)
        assertOneWinner(bans, "201", rest: "409 already_banned")
        let unbans = try h.race(
            Harness.heldRacers, "DELETE", "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: headers,
            behind: lock)
        assertOneWinner(unbans, "200", rest: "409 not_banned")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.ban_events"), 2)
    }

    func test_anExpiredBan_stopsApplying_withoutAJob() throws {
        XCTAssertEqual(try app(Self.ann).status, 200)
        let id = try participantID(Self.ann)
        let until = Date().addingTimeInterval(3600)
        XCTAssertEqual(try ban(id, ["reason": "cool off", "until": iso(until)]).status, 201)
        let refused = try app(Self.ann)
        XCTAssertEqual(refused.errorCode, "banned")
        XCTAssertTrue(refused.text.contains(Instant.format(until)), refused.text)

        let tenant = try XCTUnwrap(h.registry.tenant("coffee-shop"))
        let data = try tenant.validator.validate(Harness.initData("coffee-shop", user: Self.ann))
        let later = until.addingTimeInterval(1)
        let snapshot = try h.context.participants.touch(data, tenant: tenant, now: later)
        XCTAssertNotNil(snapshot.ban, "the row still holds the ban")
        XCTAssertNil(ParticipantStanding.ban(snapshot, now: later))
        XCTAssertNotNil(ParticipantStanding.ban(snapshot, now: until.addingTimeInterval(-1)))
        try h.pool.withConnection { conn in
            XCTAssertNil(try ParticipantStanding.ban(participant: id, schema: tenant.schema, now: later, conn))
            XCTAssertNotNil(try ParticipantStanding.ban(participant: id, schema: tenant.schema, now: Date(), conn))
        }
        // Once expired it can be banned again without an unban.
        try h.pool.execute(
            "UPDATE t_coffee_shop.participants SET banned_until = now() - interval '1 second' WHERE id = \(id)")
        XCTAssertEqual(try ban(id).status, 201)
    }

    func test_aBannedParticipantsMessages_areCountedNotStored() throws {
        simulator.sendStart(botID: bot, user: Self.ann)
        simulator.sendText(botID: bot, user: Self.ann, text: "hello")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'in'"), 2)
        let id = try participantID(Self.ann)
        XCTAssertEqual(try ban(id).status, 201)

        let delivery = simulator.sendText(botID: bot, user: Self.ann, text: "let me in")
        XCTAssertEqual(delivery.status, 200, "acknowledged, so Telegram does not redeliver")
        simulator.sendStart(botID: bot, user: Self.ann, payload: "again")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'in'"), 2)
        XCTAssertEqual(try h.count("SELECT dropped_messages FROM t_coffee_shop.participants WHERE id = \(id)"), 2)
        let history = try h.admin("GET", "/admin/api/v1/coffee-shop/participants/\(id)/bans", token: staff)
        XCTAssertEqual(history.json["dropped_messages"] as? Int, 2, "staff see the counter")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0)

        XCTAssertEqual(
            try h.admin("DELETE", "/admin/api/v1/coffee-shop/participants/\(id)/ban", token: staff).status, 200)
        simulator.sendText(botID: bot, user: Self.ann, text: "thanks")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'in'"), 3)
    }

    func test_aBannedParticipantsPreCheckout_isDeclined() throws {
        let telegram = TelegramBot(token: Harness.tokens["coffee-shop"]!, client: h.context.updates.client)
        let link = try telegram.createInvoiceLink(
            title: "Latte", description: "Big", payload: "order-9", prices: [LabeledPrice(label: "Latte", amount: 30)])
        simulator.sendStart(botID: bot, user: Self.bob)
        XCTAssertEqual(try ban(try participantID(Self.bob)).status, 201)
        let outcome = try simulator.pay(botID: bot, user: Self.bob, invoiceLink: link)
        XCTAssertEqual(outcome.answer?.ok, false)
        XCTAssertEqual(outcome.answer?.errorMessage, ParticipantStanding.declinedCheckout)
        XCTAssertNil(outcome.payment)
        XCTAssertEqual(
            try simulator.pay(botID: bot, user: Self.ann, invoiceLink: link).answer?.ok, true, "others still pay")
    }

    /// Two servers on one database: a ban made through one refuses the participant on the other,
    /// which had them cached, through the NOTIFY (its cache TTL is minutes).
    func test_aBanOnOneServer_refusesTheParticipantOnAnother() throws {
        let other = try AppContext(registry: h.registry, pool: h.pool, initDataMaxAge: 86_400, logger: h.logger)
        let router = AppServer.makeRouter(other)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, logger: h.logger, router: router)
        try server.start()
        defer {
            server.shutdown(gracePeriod: 2)
            other.participants.stopWatching()
        }
        other.participants.startWatching(configuration: h.configuration)
        let listening = Date().addingTimeInterval(10)
        while !other.participants.isWatching, Date() < listening { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertTrue(other.participants.isWatching)

        XCTAssertEqual(try app(Self.ann, port: server.boundPort).status, 200, "now cached on the other server")
        XCTAssertEqual(try ban(try participantID(Self.ann)).status, 201)
        var reply = try app(Self.ann, port: server.boundPort)
        let deadline = Date().addingTimeInterval(10)
        while reply.status == 200, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            reply = try app(Self.ann, port: server.boundPort)
        }
        XCTAssertEqual(reply.errorCode, "banned")
    }
}
