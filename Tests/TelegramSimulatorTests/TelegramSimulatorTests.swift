import Foundation
import HTTP
import Telegram
import TelegramSimulator
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The simulator over real loopback HTTP: Telegram's JSON shapes, status codes and headers.
final class TelegramSimulatorTests: XCTestCase {
    static let token = "6660001:SIMshapesAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    var simulator: TelegramSimulator!
    let transport = HTTPTransport(timeout: 5)

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        try simulator.addBot(token: Self.token, username: "shapes_bot")
    }

    override func tearDown() { simulator?.shutdown() }

    func post(_ path: String, _ body: String = "{}") throws -> (status: Int, headers: [String: String], json: JSONValue)
    {
        let response = try transport.send(
            method: "POST", url: URL(string: simulator.baseURL + path)!,
            headers: [("Content-Type", "application/json")],
            body: Array(body.utf8))
        return (response.status, response.headers, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func get(_ path: String) throws -> (status: Int, json: JSONValue) {
        let response = try transport.send(method: "GET", url: URL(string: simulator.baseURL + path)!)
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null)
    }

    func test_getMe_answersOkWithAUser() throws {
        let reply = try post("/bot\(Self.token)/getMe")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.json["ok"], true)
        XCTAssertEqual(reply.json["result"]?["id"], 6_660_001)
        XCTAssertEqual(reply.json["result"]?["is_bot"], true)
        XCTAssertEqual(reply.json["result"]?["username"], "shapes_bot")
    }

    func test_methodNamesAreCaseInsensitiveAndQueryParametersWork() throws {
        let response = try transport.send(
            method: "GET", url: URL(string: simulator.baseURL + "/bot\(Self.token)/getwebhookinfo")!)
        XCTAssertEqual(response.status, 200)
        let reply = try post("/bot\(Self.token)/setWebhook?url=https%3A%2F%2Fexample.com%2Fh&secret_token=abc", "")
        XCTAssertEqual(reply.json["result"], true)
        XCTAssertEqual(simulator.webhook(botID: 6_660_001)?.url, "https://example.com/h")
    }

    func test_errors_haveTelegramsShapeAndStatus() throws {
        let unknownToken = try post("/bot6660002:SIMnobodyAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe")
        XCTAssertEqual(unknownToken.status, 401)
        XCTAssertEqual(unknownToken.json, ["ok": false, "error_code": 401, "description": "Unauthorized"])

        let unknownMethod = try post("/bot\(Self.token)/sendTelepathy")
        XCTAssertEqual(unknownMethod.status, 404)
        XCTAssertEqual(
            unknownMethod.json, ["ok": false, "error_code": 404, "description": "Not Found: method not found"])

        let badChat = try post("/bot\(Self.token)/sendMessage", #"{"chat_id":1,"text":"hi"}"#)
        XCTAssertEqual(badChat.status, 400)
        XCTAssertEqual(badChat.json["description"], "Bad Request: chat not found")
    }

    func test_faults_answer429WithRetryAfterInBodyAndHeader() throws {
        _ = try post("/sim/bots/shapes_bot/faults", #"{"method":"getMe","count":1,"error_code":429,"retry_after":3}"#)
        let limited = try post("/bot\(Self.token)/getMe")
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers["retry-after"], "3")
        XCTAssertEqual(
            limited.json,
            [
                "ok": false, "error_code": 429, "description": "Too Many Requests: retry after 3",
                "parameters": ["retry_after": 3],
            ])
        XCTAssertEqual(try post("/bot\(Self.token)/getMe").status, 200, "the fault is used up")
        let calls = try get("/sim/bots/6660001/calls").json["calls"]?.arrayValue ?? []
        XCTAssertEqual(calls.map { $0["status"]?.intValue }, [429, 200])
    }

    func test_blockedChat_answers403AndPushesMyChatMember() throws {
        let hook = try WebhookRecorder()
        defer { hook.stop() }
        _ = try post("/bot\(Self.token)/setWebhook", #"{"url":"\#(hook.url)","secret_token":"hook-secret"}"#)
        let started = try post("/sim/bots/6660001/users/77/start", #"{"payload":"promo","first_name":"Bo"}"#)
        XCTAssertEqual(started.json["delivered"], true)
        let blocked = try post("/sim/bots/6660001/users/77/block")
        XCTAssertEqual(blocked.json["update"]?["delivered"], true)
        let send = try post("/bot\(Self.token)/sendMessage", #"{"chat_id":77,"text":"hi"}"#)
        XCTAssertEqual(send.status, 403)
        XCTAssertEqual(send.json["description"], "Forbidden: bot was blocked by the user")

        let received = hook.received
        XCTAssertEqual(received.count, 2)
        XCTAssertEqual(received.map(\.secret), ["hook-secret", "hook-secret"])
        XCTAssertEqual(received[0].update["message"]?["text"], "/start promo")
        XCTAssertEqual(received[0].update["message"]?["from"]?["first_name"], "Bo")
        XCTAssertEqual(received[0].update["message"]?["entities"]?[0]?["type"], "bot_command")
        XCTAssertEqual(received[1].update["my_chat_member"]?["new_chat_member"]?["status"], "kicked")
        let first = try XCTUnwrap(received[0].update["update_id"]?.intValue)
        XCTAssertEqual(received[1].update["update_id"]?.intValue, first + 1, "update ids increase")
    }

    func test_pay_withoutAnAnswerPaysNothing() throws {
        let quick = TelegramSimulator(answerTimeout: 0.2, logger: Logger(label: "sim", minimumLevel: .error))
        try quick.start()
        defer { quick.shutdown() }
        let id = try quick.addBot(token: Self.token)
        let bot = TelegramBot(token: Self.token, client: BotAPIClient(baseURL: quick.baseURL))
        let link = try bot.createInvoiceLink(
            title: "Tea", description: "Green", payload: "o-1", prices: [LabeledPrice(label: "Tea", amount: 5)])
        let outcome = try quick.pay(botID: id, user: TelegramUser(id: 5, firstName: "Cy"), invoiceLink: link)
        XCTAssertNil(outcome.answer)
        XCTAssertNil(outcome.chargeID)
        XCTAssertFalse(outcome.preCheckout.delivered, "no webhook is set")
    }

    func test_createInvoiceLink_validatesStarsInvoices() throws {
        let twoPrices = try post(
            "/bot\(Self.token)/createInvoiceLink",
            #"{"title":"T","description":"D","payload":"p","provider_token":"","currency":"XTR","prices":[{"label":"a","amount":1},{"label":"b","amount":2}]}"#
        )
        XCTAssertEqual(twoPrices.status, 400)
        let noPayload = try post(
            "/bot\(Self.token)/createInvoiceLink",
            #"{"title":"T","description":"D","payload":"","currency":"XTR","prices":[{"label":"a","amount":1}]}"#)
        XCTAssertEqual(noPayload.json["description"], "Bad Request: INVOICE_PAYLOAD_INVALID")
    }

    func test_controlAPI_unknownBotIs404() throws {
        XCTAssertEqual(try get("/sim/bots/nobody_bot").status, 404)
        XCTAssertEqual(try get("/sim").json["bots"]?[0]?["username"], "shapes_bot")
    }
}

/// A webhook endpoint on loopback that records what the simulator pushes.
final class WebhookRecorder: Sendable {
    struct Received: Sendable {
        var secret: String?
        var update: JSONValue
    }

    let server: HTTPServer
    private let log = LockedLog()
    var url: String { "http://127.0.0.1:\(server.boundPort)/hook" }
    var received: [Received] { log.items }

    init(status: Int = 200) throws {
        let log = self.log
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            logger: Logger(label: "hook", minimumLevel: .error)
        ) {
            request in
            log.append(
                Received(
                    secret: request.headers["X-Telegram-Bot-Api-Secret-Token"],
                    update: (try? JSONParser.parse(request.body)) ?? .null))
            return HTTPResponse(status: status)
        }
        try server.start()
    }

    func stop() { server.shutdown(gracePeriod: 1) }
}

/// Guarded by `lock`.
final class LockedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [WebhookRecorder.Received] = []
    func append(_ item: WebhookRecorder.Received) { lock.withLock { storage.append(item) } }
    var items: [WebhookRecorder.Received] { lock.withLock { storage } }
}
