import AppAPI
import Foundation
import Kernel
import Postgres
import Synchronization
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The webhook end to end: the simulator pushes updates over loopback to a running server on a
/// fresh database, and the server answers through the simulator's Bot API.
final class TelegramWebhookRoutesTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var coffeeBot: Int64 = 0
    var eventsBot: Int64 = 0

    static let ann = TelegramUser(id: 700_001, firstName: "Ann", username: "ann", languageCode: "en")
    static let bob = TelegramUser(id: 700_002, firstName: "Bob", languageCode: "ru")
    static let cy = TelegramUser(id: 700_003, firstName: "Cy")

    func start(payments: any PaymentHandling = ShopUnavailable()) throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        coffeeBot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        eventsBot = try simulator.addBot(token: Harness.tokens["events-club"]!, username: "events_bot")
        var updates = UpdateJobs.Settings()
        updates.minimumAge = 0
        updates.backoffBase = 0
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, payments: payments, updates: updates)
        let registrar = WebhookRegistrar(
            pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
        for slug in ["coffee-shop", "events-club"] { try registrar.register(try TenantSlug(slug)) }
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func count(_ sql: String) throws -> Int64 {
        try h.pool.query(SQL(unsafe: sql)).first!.decode(Int64.self, 0)
    }

    func participant(_ telegramID: Int64) throws -> (id: Int64, source: String?, reachable: Bool)? {
        try h.pool.query(
            "SELECT id, source, reachable FROM t_coffee_shop.participants WHERE telegram_id = \(telegramID)"
        ).first.map {
            (try $0.decode(Int64.self, 0), try $0.decode(String?.self, 1), try $0.decode(Bool.self, 2))
        }
    }

    func postWebhook(_ slug: String, secret: String?, body: String) throws -> Harness.Reply {
        var request = URLRequest(url: URL(string: h.baseURL + "/telegram/\(slug)/webhook")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret { request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token") }
        return try h.send(request)
    }

    func test_registration_setsTheWebhookWithTheTenantsSecret() throws {
        try start()
        let webhook = try XCTUnwrap(simulator.webhook(botID: coffeeBot))
        XCTAssertEqual(webhook.url, h.baseURL + "/telegram/coffee-shop/webhook")
        XCTAssertEqual(webhook.secretToken?.count, 43)
        XCTAssertEqual(webhook.secretToken, h.registry.tenant("coffee-shop")?.webhookSecret?.value)
        XCTAssertNotEqual(webhook.secretToken, simulator.webhook(botID: eventsBot)?.secretToken)
    }

    func test_webhook_rejectsAMissingWrongOrOtherTenantsSecretAndStoresNothing() throws {
        try start()
        let body =
            #"{"update_id":1,"message":{"message_id":1,"from":{"id":1,"is_bot":false,"first_name":"X"},"chat":{"id":1,"type":"private"},"date":0,"text":"hi"}}"#
        let otherSecret = try XCTUnwrap(simulator.webhook(botID: eventsBot)?.secretToken)
        for secret in [nil, "wrong", otherSecret, ""] {
            let reply = try postWebhook("coffee-shop", secret: secret, body: body)
            XCTAssertEqual(reply.status, 401, "secret \(secret ?? "nil")")
            XCTAssertEqual(reply.errorCode, "webhook_secret_invalid")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.participants"), 0)
        let own = try XCTUnwrap(simulator.webhook(botID: coffeeBot)?.secretToken)
        XCTAssertEqual(try postWebhook("coffee-shop", secret: own, body: body).status, 200)
        XCTAssertEqual(try postWebhook("nobody", secret: own, body: body).status, 404)
        XCTAssertEqual(try postWebhook("coffee-shop", secret: own, body: #"{"message":{}}"#).status, 400)
    }

    func test_start_createsTheParticipantWithItsSourceAndRecordsAReferralOnce() throws {
        try start()
        XCTAssertTrue(simulator.sendStart(botID: coffeeBot, user: Self.ann).delivered)
        let ann = try XCTUnwrap(try participant(Self.ann.id))
        XCTAssertNil(ann.source)

        XCTAssertTrue(simulator.sendStart(botID: coffeeBot, user: Self.bob, payload: "ref_\(ann.id)").delivered)
        let bob = try XCTUnwrap(try participant(Self.bob.id))
        XCTAssertEqual(bob.source, "ref_\(ann.id)")
        XCTAssertTrue(simulator.sendStart(botID: coffeeBot, user: Self.bob, payload: "ref_\(ann.id)").delivered)
        XCTAssertTrue(simulator.sendStart(botID: coffeeBot, user: Self.bob, payload: "other").delivered)
        let referrals = try h.pool.query("SELECT referrer_id, referred_id FROM t_coffee_shop.referrals")
        XCTAssertEqual(referrals.count, 1)
        XCTAssertEqual(try referrals.first!.decode(Int64.self, 0), ann.id)
        XCTAssertEqual(try referrals.first!.decode(Int64.self, 1), bob.id)
        XCTAssertEqual(try participant(Self.bob.id)?.source, "ref_\(ann.id)", "the first source is kept")

        XCTAssertTrue(simulator.sendStart(botID: coffeeBot, user: Self.cy, payload: "ref_999999").delivered)
        XCTAssertEqual(try participant(Self.cy.id)?.source, "ref_999999")
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.referrals"), 1, "no referral from an unknown referrer")
        XCTAssertEqual(try count("SELECT count(*) FROM t_events_club.participants"), 0, "tenants stay apart")
    }

    func test_duplicateUpdateID_isProcessedOnce() throws {
        try start()
        let update: JSONObject = [
            "update_id": 9_000_001,
            "message": [
                "message_id": 77, "from": Self.ann.botAPIJSON, "chat": ["id": .int(Self.ann.id), "type": "private"],
                "date": 1_700_000_000,
                "text": "twice?",
            ],
        ]
        XCTAssertEqual(simulator.pushRaw(botID: coffeeBot, update: update).status, 200)
        XCTAssertEqual(simulator.pushRaw(botID: coffeeBot, update: update).status, 200)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.messages"), 1)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL AND attempts = 1"), 1)
    }

    static let newCoffeeToken = "7654321:AAnewCoffeeBotTokenForTheTokenChangeTest01"

    /// `tenant apply` with a new token: the new bot's updates go through the same webhook URL and
    /// are then stored under the new bot's id.
    func changeCoffeeToken() throws -> Int64 {
        let newBot = try simulator.addBot(token: Self.newCoffeeToken, username: "coffee2_bot")
        _ = try h.provisioner.apply(
            try Harness.manifest("coffee-shop"), botToken: BotToken(Self.newCoffeeToken)!,
            blueprint: try Harness.blueprint("coffee-shop"))
        try h.registry.reloadAll()
        XCTAssertEqual(h.registry.tenant("coffee-shop")?.botToken.botID, newBot)
        return newBot
    }

    func textUpdate(_ updateID: Int64, _ text: String, messageID: Int64) -> JSONObject {
        [
            "update_id": .int(updateID),
            "message": [
                "message_id": .int(messageID), "from": Self.ann.botAPIJSON,
                "chat": ["id": .int(Self.ann.id), "type": "private"], "date": 1_700_000_000, "text": .string(text),
            ],
        ]
    }

    /// Telegram numbers updates per bot: after a token change the new bot's update_ids can repeat
    /// the old bot's, and both updates must be processed.
    func test_sameUpdateIDFromANewBot_isProcessedToo() throws {
        try start()
        XCTAssertEqual(simulator.pushRaw(botID: coffeeBot, update: textUpdate(42, "from the old bot", messageID: 1)).status, 200)
        let newBot = try changeCoffeeToken()
        let registrar = WebhookRegistrar(
            pool: h.pool, masterKey: Harness.masterKey, client: h.context.updates.client, publicBaseURL: h.baseURL)
        try registrar.register(try TenantSlug("coffee-shop"))
        // Same update id and same message id as the old bot's: both are the new bot's own.
        XCTAssertEqual(simulator.pushRaw(botID: newBot, update: textUpdate(42, "from the new bot", messageID: 1)).status, 200)
        XCTAssertEqual(simulator.pushRaw(botID: newBot, update: textUpdate(42, "from the new bot", messageID: 1)).status, 200)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL"), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates WHERE bot_id = \(newBot)"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates WHERE bot_id = \(coffeeBot)"), 1)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.messages WHERE text IN ('from the old bot', 'from the new bot')"),
            2)
    }

    /// A token change rotates the webhook secret and retires the old bot's webhook before the new
    /// one is registered: the old bot can no longer deliver here, with or without its old secret.
    func test_tokenChange_retiresTheOldBotsWebhookAndRotatesTheSecret() throws {
        try start()
        let oldSecret = try XCTUnwrap(simulator.webhook(botID: coffeeBot)?.secretToken)
        let oldToken = try XCTUnwrap(h.registry.tenant("coffee-shop")?.botToken)
        let outcome = try h.provisioner.apply(
            try Harness.manifest("coffee-shop"), botToken: BotToken(Self.newCoffeeToken)!,
            blueprint: try Harness.blueprint("coffee-shop"), dryRun: true)
        XCTAssertNil(outcome.previousToken, "a dry run changes nothing")
        let newBot = try simulator.addBot(token: Self.newCoffeeToken, username: "coffee2_bot")
        let applied = try h.provisioner.apply(
            try Harness.manifest("coffee-shop"), botToken: BotToken(Self.newCoffeeToken)!,
            blueprint: try Harness.blueprint("coffee-shop"))
        XCTAssertEqual(applied.previousToken, oldToken)
        try h.registry.reloadAll()
        let registrar = WebhookRegistrar(
            pool: h.pool, masterKey: Harness.masterKey, client: h.context.updates.client, publicBaseURL: h.baseURL)
        XCTAssertNil(registrar.retire(try XCTUnwrap(applied.previousToken)))
        try registrar.register(try TenantSlug("coffee-shop"))

        XCTAssertNil(simulator.webhook(botID: coffeeBot), "the old bot no longer delivers")
        let newSecret = try XCTUnwrap(simulator.webhook(botID: newBot)?.secretToken)
        XCTAssertNotEqual(newSecret, oldSecret)
        XCTAssertEqual(h.registry.tenant("coffee-shop")?.webhookSecret?.value, newSecret)
        let body = String(decoding: JSONValue.object(textUpdate(1, "stale", messageID: 1)).serialized(), as: UTF8.self)
        let stale = try postWebhook("coffee-shop", secret: oldSecret, body: body)
        XCTAssertEqual(stale.status, 401)
        XCTAssertEqual(try postWebhook("coffee-shop", secret: newSecret, body: body).status, 200)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.updates WHERE bot_id = \(newBot)"), 1)
    }

    func test_plainMessage_isStoredForTheInbox() throws {
        try start()
        XCTAssertTrue(simulator.sendText(botID: coffeeBot, user: Self.ann, text: "Do you have oat milk?").delivered)
        let row = try XCTUnwrap(
            try h.pool.query(
                """
                SELECT m.text, m.direction, m.telegram_message_id, p.telegram_id FROM t_coffee_shop.messages m
                JOIN t_coffee_shop.participants p ON p.id = m.participant_id
                """
            ).first)
        XCTAssertEqual(try row.decode(String.self, 0), "Do you have oat milk?")
        XCTAssertEqual(try row.decode(String.self, 1), "in")
        XCTAssertNotNil(try row.decode(Int64?.self, 2))
        XCTAssertEqual(try row.decode(Int64.self, 3), Self.ann.id)
    }

    func test_messageWithANULCharacter_isAcknowledgedAndStoredWithAReplacementCharacter() throws {
        // Refusing it would make Telegram deliver the update again and again; PostgreSQL cannot
        // store NUL, so U+FFFD takes its place.
        try start()
        let sent = simulator.sendText(botID: coffeeBot, user: Self.ann, text: "oat\u{0}milk")
        XCTAssertTrue(sent.delivered)
        XCTAssertEqual(
            try h.pool.query("SELECT text FROM t_coffee_shop.messages").first?.decode(String.self, 0),
            "oat\u{FFFD}milk")
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL"), 1)
    }

    func test_blockAndUnblock_toggleReachable() throws {
        try start()
        simulator.sendStart(botID: coffeeBot, user: Self.ann)
        XCTAssertEqual(try participant(Self.ann.id)?.reachable, true)
        XCTAssertEqual(simulator.setBlocked(botID: coffeeBot, user: Self.ann, blocked: true)?.delivered, true)
        XCTAssertEqual(try participant(Self.ann.id)?.reachable, false)
        XCTAssertEqual(simulator.setBlocked(botID: coffeeBot, user: Self.ann, blocked: false)?.delivered, true)
        XCTAssertEqual(try participant(Self.ann.id)?.reachable, true)
    }

    func test_messenger_recordsSentMessagesAndMarksABlockedUserUnreachable() throws {
        try start()
        simulator.sendStart(botID: coffeeBot, user: Self.ann)
        let tenant = try XCTUnwrap(h.registry.tenant("coffee-shop"))
        let annID = try XCTUnwrap(try participant(Self.ann.id)).id
        let messenger = ParticipantMessenger(pool: h.pool, client: h.context.updates.client)
        try messenger.send("Your latte is ready", toParticipant: annID, tenant: tenant)
        XCTAssertEqual(
            simulator.sentMessages(botID: coffeeBot, chatID: Self.ann.id).last?["text"], "Your latte is ready")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.messages WHERE direction = 'out'"), 1)

        simulator.setBlocked(botID: coffeeBot, user: Self.ann, blocked: true, notify: false)
        XCTAssertEqual(try participant(Self.ann.id)?.reachable, true)
        XCTAssertThrowsError(try messenger.send("Still there?", toParticipant: annID, tenant: tenant)) {
            XCTAssertEqual($0 as? BotAPIError, .forbidden("Forbidden: bot was blocked by the user", blocked: true))
        }
        XCTAssertEqual(try participant(Self.ann.id)?.reachable, false)
    }

    func test_preCheckout_isDeclinedWithoutAShopAndPaymentsAreStoredOncePerCharge() throws {
        try start()
        let bot = TelegramBot(token: Harness.tokens["coffee-shop"]!, client: h.context.updates.client)
        let link = try bot.createInvoiceLink(
            title: "Latte", description: "Big", payload: "order-1", prices: [LabeledPrice(label: "Latte", amount: 50)])
        let outcome = try simulator.pay(botID: coffeeBot, user: Self.ann, invoiceLink: link)
        XCTAssertTrue(outcome.preCheckout.delivered)
        XCTAssertEqual(outcome.answer, PreCheckoutAnswer(ok: false, errorMessage: "shop is not available"))
        XCTAssertNil(outcome.payment)

        for updateID: Int64 in [9_100_001, 9_100_002] {
            let update: JSONObject = [
                "update_id": .int(updateID),
                "message": [
                    "message_id": .int(updateID), "from": Self.ann.botAPIJSON,
                    "chat": ["id": .int(Self.ann.id), "type": "private"], "date": 0,
                    "successful_payment": [
                        "currency": "XTR", "total_amount": 50, "invoice_payload": "order-1",
                        "telegram_payment_charge_id": "charge-1",
                        "provider_payment_charge_id": "",
                    ],
                ],
            ]
            XCTAssertEqual(simulator.pushRaw(botID: coffeeBot, update: update).status, 200)
        }
        let row = try XCTUnwrap(
            try h.pool.query("SELECT total_amount, currency, invoice_payload FROM t_coffee_shop.payments").first)
        XCTAssertEqual(try row.decode(Int64.self, 0), 50)
        XCTAssertEqual(try row.decode(String.self, 1), "XTR")
        XCTAssertEqual(try row.decode(String.self, 2), "order-1")
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments"), 1)
    }

    /// Telegram drops a checkout that is not answered within 10 seconds: a flood-controlled
    /// answer must not be retried after a long `retry_after` (the default policy waits up to 30 s
    /// per attempt), and the decision is committed before the answer goes out.
    func test_preCheckoutAnswer_isBoundedWellInsideTelegramsTenSecondWindow() throws {
        try start(payments: AcceptingShop())
        let waits = Mutex<[Double]>([])
        let client = BotAPIClient(
            baseURL: simulator.baseURL, retryPolicy: RetryPolicy(),
            sleep: { seconds in waits.withLock { $0.append(seconds) } })
        let processor = UpdateProcessor(
            pool: h.pool, client: client, payments: AcceptingShop(), logger: Logger(label: "t", minimumLevel: .error))
        let tenant = try XCTUnwrap(h.registry.tenant("coffee-shop"))
        simulator.injectFault(botID: coffeeBot, method: "answerPreCheckoutQuery", count: 3, retryAfter: 5)
        let body =
            #"{"update_id":9400001,"pre_checkout_query":{"id":"q-1","from":{"id":700001,"is_bot":false,"first_name":"Ann"},"currency":"XTR","total_amount":5,"invoice_payload":"order:1"}}"#
        let update = try TelegramUpdate.parse(Array(body.utf8))
        XCTAssertTrue(try processor.receive(update, body: Array(body.utf8), tenant: tenant))
        let started = Date()
        let outcome = processor.process(9_400_001, tenant: tenant)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8)
        XCTAssertLessThanOrEqual(waits.withLock { $0 }.reduce(0, +), 2, "waited \(waits.withLock { $0 })")
        XCTAssertEqual(outcome, .processed, "the decision is committed; a lost answer is only logged")
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE update_id = 9400001 AND processed_at IS NOT NULL"),
            1)
    }

    func test_acceptingShop_getsPaidAndARefundIsRecorded() throws {
        let shop = AcceptingShop()
        try start(payments: shop)
        let bot = TelegramBot(token: Harness.tokens["coffee-shop"]!, client: h.context.updates.client)
        let link = try bot.createInvoiceLink(
            title: "Latte", description: "Big", payload: "order-2", prices: [LabeledPrice(label: "Latte", amount: 30)])
        let outcome = try simulator.pay(botID: coffeeBot, user: Self.bob, invoiceLink: link)
        XCTAssertEqual(outcome.answer?.ok, true)
        XCTAssertEqual(outcome.payment?.delivered, true)
        let charge = try XCTUnwrap(outcome.chargeID)
        XCTAssertEqual(shop.received, [charge])
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NULL"), 1)

        try bot.refundStarPayment(userID: Self.bob.id, chargeID: charge)
        let deadline = Date().addingTimeInterval(5)
        while try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL") == 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE refunded_at IS NOT NULL"), 1)
    }

    func test_failedProcessing_staysPendingAndItsJobProcessesItLater() throws {
        let shop = FlakyShop(failures: 1)
        try start(payments: shop)
        let update: JSONObject = [
            "update_id": 9_200_001,
            "message": [
                "message_id": 1, "from": Self.ann.botAPIJSON, "chat": ["id": .int(Self.ann.id), "type": "private"],
                "date": 0,
                "successful_payment": [
                    "currency": "XTR", "total_amount": 10, "invoice_payload": "order-3",
                    "telegram_payment_charge_id": "charge-3",
                ],
            ],
        ]
        XCTAssertEqual(
            simulator.pushRaw(botID: coffeeBot, update: update).status, 200, "acknowledged although processing failed")
        let pending = try XCTUnwrap(
            try h.pool.query(
                "SELECT processed_at IS NULL, attempts, last_error FROM t_coffee_shop.updates WHERE update_id = 9200001"
            ).first)
        XCTAssertTrue(try pending.decode(Bool.self, 0))
        XCTAssertEqual(try pending.decode(Int64.self, 1), 1)
        XCTAssertTrue(try pending.decode(String?.self, 2)?.contains("shop down") ?? false)
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.payments WHERE handled_at IS NULL"), 1,
            "the payment is on record; the shop's failed handling was rolled back")

        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments WHERE handled_at IS NOT NULL"), 1)
        XCTAssertEqual(
            try count(
                "SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL AND last_error IS NULL"), 1)
        XCTAssertEqual(try h.context.jobs.runDue().ran, 0, "nothing left to do")
    }

    /// A payment whose handling fails until its job gives up still leaves its `payments` row
    /// (committed before the area handles it), once, with `handled_at` NULL for staff to act on.
    func test_paymentGivenUpOn_staysOnRecordInPayments() throws {
        let shop = FlakyShop(failures: 1_000)
        try start(payments: shop)
        let update: JSONObject = [
            "update_id": 9_250_001,
            "message": [
                "message_id": 1, "from": Self.ann.botAPIJSON, "chat": ["id": .int(Self.ann.id), "type": "private"],
                "date": 0,
                "successful_payment": [
                    "currency": "XTR", "total_amount": 25, "invoice_payload": "order:77",
                    "telegram_payment_charge_id": "charge-lost",
                ],
            ],
        ]
        XCTAssertEqual(simulator.pushRaw(botID: coffeeBot, update: update).status, 200)
        for _ in 0..<12 { try h.context.jobs.runDue() }
        XCTAssertEqual(
            try count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL AND attempts = 10"), 1,
            "given up on after 10 attempts")
        let row = try XCTUnwrap(
            try h.pool.query(
                """
                SELECT total_amount, invoice_payload, handled_at IS NULL, telegram_user_id FROM t_coffee_shop.payments
                WHERE telegram_payment_charge_id = 'charge-lost'
                """
            ).first)
        XCTAssertEqual(try row.decode(Int64.self, 0), 25)
        XCTAssertEqual(try row.decode(String.self, 1), "order:77")
        XCTAssertTrue(try row.decode(Bool.self, 2))
        XCTAssertEqual(try row.decode(Int64.self, 3), Self.ann.id)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.payments"), 1)
    }

    func test_updateJobs_processAnUpdateAcknowledgedBeforeACrash() throws {
        try start()
        let payload =
            #"{"update_id":9300001,"message":{"message_id":3,"from":{"id":700001,"is_bot":false,"first_name":"Ann"},"chat":{"id":700001,"type":"private"},"date":0,"text":"sent before the crash"}}"#
        try h.pool.execute(
            "INSERT INTO t_coffee_shop.updates (bot_id, update_id, kind, payload) VALUES (\(coffeeBot), 9300001, 'message', \(payload)::jsonb)"
        )
        // Stored without its job (before updates had jobs): reconciling at start gives it one.
        XCTAssertEqual(try h.context.updateJobs.reconcile(), 1)
        XCTAssertEqual(try h.context.jobs.runDue().done, 1)
        XCTAssertEqual(try count("SELECT count(*) FROM t_coffee_shop.messages WHERE text = 'sent before the crash'"), 1)
    }
}

/// Accepts every checkout and remembers the payments it was told about.
final class AcceptingShop: PaymentHandling {
    private let charges = Mutex<[String]>([])
    var received: [String] { charges.withLock { $0 } }

    func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws
        -> PreCheckoutDecision
    { .accept }

    func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        charges.withLock { $0.append(payment.payment.telegramPaymentChargeID) }
    }
}

/// Fails the first `failures` payments, then works.
final class FlakyShop: PaymentHandling {
    struct Down: Error, CustomStringConvertible { var description: String { "shop down" } }
    private let remaining: Mutex<Int>

    init(failures: Int) { remaining = Mutex(failures) }

    func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws
        -> PreCheckoutDecision
    { .accept }

    func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let fail = remaining.withLock { n -> Bool in
            defer { n -= 1 }
            return n > 0
        }
        if fail { throw Down() }
    }
}
