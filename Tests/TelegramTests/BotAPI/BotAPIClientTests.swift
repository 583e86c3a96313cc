import Foundation
import Synchronization
import Telegram
import TelegramSimulator
import TesseraLog
import XCTest

/// The client against the simulator on loopback: real HTTP, Telegram's shapes and error codes.
final class BotAPIClientTests: XCTestCase {
    static let token = "5550001:SIMclientAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    static let user = TelegramUser(id: 4242, firstName: "Ann", username: "ann")
    var simulator: TelegramSimulator!
    var botID: Int64 = 0
    let waitLog = WaitLog()
    var waits: [Double] { waitLog.waits.withLock { $0 } }

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        botID = try simulator.addBot(token: Self.token, username: "client_test_bot")
    }

    override func tearDown() { simulator?.shutdown() }

    func bot(
        token: String = BotAPIClientTests.token, policy: RetryPolicy = RetryPolicy(maxAttempts: 3, maxRetryAfter: 5)
    ) -> TelegramBot {
        let log = waitLog
        let client = BotAPIClient(baseURL: simulator.baseURL + "/", timeout: 5, retryPolicy: policy) { seconds in
            log.waits.withLock { $0.append(seconds) }
            Thread.sleep(forTimeInterval: seconds)
        }
        return TelegramBot(token: token, client: client)
    }

    func test_getMe_returnsTheBot() throws {
        let me = try bot().getMe()
        XCTAssertEqual(me.id, botID)
        XCTAssertEqual(me.username, "client_test_bot")
    }

    func test_sendMessage_toAnUnknownChatIsBadRequest() {
        XCTAssertThrowsError(try bot().sendMessage(chatID: 999, text: "hi")) {
            XCTAssertEqual($0 as? BotAPIError, .badRequest("Bad Request: chat not found"))
        }
    }

    func test_sendMessage_toAUserWhoBlockedTheBotIsForbiddenBlocked() throws {
        simulator.setBlocked(botID: botID, user: Self.user, blocked: true, notify: false)
        XCTAssertThrowsError(try bot().sendMessage(chatID: Self.user.id, text: "hi")) {
            XCTAssertEqual($0 as? BotAPIError, .forbidden("Forbidden: bot was blocked by the user", blocked: true))
        }
    }

    func test_call_retriesAfterRetryAfterOn429() throws {
        simulator.sendText(botID: botID, user: Self.user, text: "hello")
        simulator.injectFault(botID: botID, method: "sendMessage", count: 1, errorCode: 429, retryAfter: 1)
        let started = Date()
        let sent = try bot().sendMessage(
            chatID: Self.user.id, text: "welcome",
            webAppButton: WebAppButton(text: "Open", url: "https://example.com/app/"))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(waits, [1])
        XCTAssertEqual(sent.text, "welcome")
        XCTAssertEqual(simulator.calls(botID: botID).map(\.status), [429, 200])
        let stored = simulator.sentMessages(botID: botID, chatID: Self.user.id)
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(
            stored[0]["reply_markup"]?["inline_keyboard"]?[0]?[0]?["web_app"]?["url"], "https://example.com/app/")
    }

    func test_call_givesUp429AfterMaxAttempts() {
        simulator.injectFault(botID: botID, method: "getMe", count: 5, errorCode: 429, retryAfter: 1)
        XCTAssertThrowsError(try bot(policy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 5)).getMe()) {
            XCTAssertEqual($0 as? BotAPIError, .tooManyRequests(retryAfter: 1))
        }
        XCTAssertEqual(simulator.calls(botID: botID).count, 2)
    }

    func test_call_doesNotWaitForARetryAfterBeyondTheLimit() {
        simulator.injectFault(botID: botID, method: "getMe", count: 1, errorCode: 429, retryAfter: 60)
        XCTAssertThrowsError(try bot().getMe()) { XCTAssertEqual($0 as? BotAPIError, .tooManyRequests(retryAfter: 60)) }
        XCTAssertEqual(waits, [])
    }

    func test_call_unknownTokenIsUnauthorizedAndUnknownMethodNotFound() {
        XCTAssertThrowsError(try bot(token: "5550009:SIMunknownAAAAAAAAAAAAAAAAAAAAAAAAAAA").getMe()) {
            XCTAssertEqual($0 as? BotAPIError, .unauthorized)
        }
        XCTAssertThrowsError(try bot().call("sendTelepathy")) {
            XCTAssertEqual($0 as? BotAPIError, .notFound("Not Found: method not found"))
        }
    }

    func test_call_networkFailureNamesNoToken() throws {
        let port = simulator.port
        simulator.shutdown()
        let client = BotAPIClient(baseURL: "http://127.0.0.1:\(port)", timeout: 2, retryPolicy: .none)
        XCTAssertThrowsError(try TelegramBot(token: Self.token, client: client).getMe()) { error in
            guard case .network = error as? BotAPIError else {
                return XCTFail("expected a network error, got \(error)")
            }
            XCTAssertFalse(String(describing: error).contains("SIMclient"), "token leaked: \(error)")
            XCTAssertFalse(String(reflecting: error).contains("SIMclient"), "token leaked: \(error)")
        }
        XCTAssertFalse(String(describing: TelegramBot(token: Self.token, client: client)).contains("SIMclient"))
    }

    func test_typedMethods_invoiceRefundMenuAndWebhook() throws {
        let bot = bot()
        let link = try bot.createInvoiceLink(
            title: "Latte", description: "A big one", payload: "order-1",
            prices: [LabeledPrice(label: "Latte", amount: 50)])
        XCTAssertTrue(link.hasPrefix("https://t.me/$"))
        XCTAssertThrowsError(try bot.refundStarPayment(userID: Self.user.id, chargeID: "nope")) {
            XCTAssertEqual($0 as? BotAPIError, .badRequest("Bad Request: CHARGE_NOT_FOUND"))
        }
        try bot.setChatMenuButton(menuButton: .webApp(text: "Open", url: "https://example.com/app/"))
        XCTAssertEqual(simulator.menuButton(botID: botID)?["type"], "web_app")
        try bot.setWebhook(
            url: "https://example.com/hook", secretToken: "s3cret_-", allowedUpdates: ["message"], maxConnections: 10)
        XCTAssertEqual(simulator.webhook(botID: botID)?.url, "https://example.com/hook")
        XCTAssertEqual(simulator.webhook(botID: botID)?.secretToken, "s3cret_-")
        XCTAssertThrowsError(try bot.setWebhook(url: "https://example.com/hook", secretToken: "bad secret!")) {
            XCTAssertEqual($0 as? BotAPIError, .badRequest("Bad Request: secret token contains unallowed characters"))
        }
        try bot.deleteWebhook()
        XCTAssertNil(simulator.webhook(botID: botID))
        simulator.sendText(botID: botID, user: Self.user, text: "hi")
        XCTAssertEqual(try bot.getChatMember(chatID: Self.user.id, userID: Self.user.id).status, "member")
        simulator.setBlocked(botID: botID, user: Self.user, blocked: true)
        XCTAssertEqual(try bot.getChatMember(chatID: Self.user.id, userID: Self.user.id).status, "kicked")
    }
}

/// The waits the client's retry loop asked for.
final class WaitLog: Sendable {
    let waits = Mutex<[Double]>([])
}
