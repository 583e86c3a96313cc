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

/// The platform's own promise behind `PaymentHandling.paymentReceived`: one call per
/// `telegram_payment_charge_id`, however often and however concurrently Telegram delivers the
/// `successful_payment` (new `update_id`s included). Tested with an area that keeps no state of
/// its own, so only the processor's claim (`payments.handled_at`) can keep the promise.
final class PaymentClaimTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0
    let area = CountingArea()
    static let ann = TelegramUser(id: 710_001, firstName: "Ann", languageCode: "en")

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Harness.tokens["coffee-shop"]!, username: "coffee_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client, payments: PaymentRouter([(prefix: CountingArea.prefix, handler: area)]))
        try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            .register(try TenantSlug("coffee-shop"))
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func payment(updateID: Int64, charge: String) -> JSONObject {
        [
            "update_id": .int(updateID),
            "message": [
                "message_id": .int(updateID), "from": Self.ann.botAPIJSON,
                "chat": ["id": .int(Self.ann.id), "type": "private"],
                "date": 0,
                "successful_payment": [
                    "currency": "XTR", "total_amount": 40, "invoice_payload": .string(CountingArea.prefix + "1"),
                    "telegram_payment_charge_id": .string(charge),
                ],
            ],
        ]
    }

    func test_sameChargeUnderNewUpdateIDs_reachesTheAreaOnce() throws {
        for updateID: Int64 in [9_700_001, 9_700_002, 9_700_003] {
            XCTAssertEqual(
                simulator.pushRaw(botID: bot, update: payment(updateID: updateID, charge: "charge-once")).status, 200)
        }
        XCTAssertEqual(area.calls, ["charge-once"], "one paymentReceived for three deliveries of one charge")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments WHERE handled_at IS NOT NULL"), 1)
        XCTAssertEqual(
            try h.count(
                "SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL AND last_error IS NULL"), 3,
            "every delivery is processed; only the first one reaches the area")
        // A different charge is a different payment.
        XCTAssertEqual(
            simulator.pushRaw(botID: bot, update: payment(updateID: 9_700_004, charge: "charge-other")).status, 200)
        XCTAssertEqual(area.calls, ["charge-once", "charge-other"])
    }

    /// Two deliveries of one charge at once: the first holds its transaction open inside the area
    /// until the second is waiting on a lock, so the second's claim runs against the first's
    /// uncommitted work and must find the payment handled once the first commits.
    func test_sameChargeDeliveredTwiceAtOnce_reachesTheAreaOnce() throws {
        area.holdFirstCall(until: { [pool = h.pool] in
            try pool.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).first!.decode(Int64.self, 0) > 0
        })
        let updates = [
            payment(updateID: 9_710_001, charge: "charge-race"), payment(updateID: 9_710_002, charge: "charge-race"),
        ]
        let statuses = Mutex<[Int?]>([])
        let (simulator, bot) = (self.simulator!, self.bot)
        DispatchQueue.concurrentPerform(iterations: updates.count) { i in
            let status = simulator.pushRaw(botID: bot, update: updates[i]).status
            statuses.withLock { $0.append(status) }
        }
        XCTAssertEqual(statuses.withLock { $0 }, [200, 200])
        XCTAssertTrue(area.sawConcurrentDelivery, "the second delivery waited on the first's transaction")
        XCTAssertEqual(area.calls, ["charge-race"])
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments WHERE handled_at IS NOT NULL"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL"), 0)
    }
}

/// An area (payload prefix `count:`) that accepts everything, keeps nothing in the database and
/// records each `paymentReceived` call; optionally its first call waits for a condition.
final class CountingArea: PaymentHandling {
    static let prefix = "count:"
    private struct State {
        var calls: [String] = []
        var hold: (@Sendable () throws -> Bool)?
        var sawConcurrent = false
    }
    private let state = Mutex(State())

    var calls: [String] { state.withLock { $0.calls } }
    var sawConcurrentDelivery: Bool { state.withLock { $0.sawConcurrent } }

    /// Makes the first `paymentReceived` wait (at most 10 s) until `condition` holds.
    func holdFirstCall(until condition: @escaping @Sendable () throws -> Bool) {
        state.withLock { $0.hold = condition }
    }

    func preCheckout(
        _ query: PreCheckoutQuery, participant: ParticipantSnapshot, tenant: LiveTenant, _ conn: PostgresConnection
    ) throws -> PreCheckoutDecision { .accept }

    func paymentReceived(_ payment: RecordedPayment, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let hold = state.withLock { s -> (@Sendable () throws -> Bool)? in
            s.calls.append(payment.payment.telegramPaymentChargeID)
            defer { s.hold = nil }
            return s.hold
        }
        guard let hold else { return }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try hold() {
                state.withLock { $0.sawConcurrent = true }
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
