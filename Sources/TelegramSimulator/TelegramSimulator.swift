import Foundation
import HTTP
import Synchronization
import Telegram
import TesseraCrypto
import TesseraJSON
import TesseraLog

/// An in-memory stand-in for Telegram's Bot API: answers `/bot<token>/<method>` with Telegram's
/// JSON shapes and error codes, pushes updates to the registered webhooks as Telegram does
/// (with `X-Telegram-Bot-Api-Secret-Token`), serves uploaded files under `/file/bot<token>/`, and
/// offers a control API under `/sim/` to script users (start, text and attachments, block, pay),
/// supergroups with forum topics and their members' messages, and faults (429 with
/// retry_after, any error code).
///
/// Differences from Telegram: http:// webhooks are allowed, updates are pushed synchronously
/// and never queued for getUpdates, and state lives only as long as the process.
public final class TelegramSimulator: Sendable {
    struct State {
        var bots: [Int64: SimulatedBot] = [:]
        var nextUpdateID: Int64
    }

    public let logger: Logger
    /// Whether any well-formed token is accepted (its bot is created on first use); when false,
    /// only bots added with `addBot` or `POST /sim/bots` exist and other tokens get 401.
    public let acceptAnyToken: Bool
    /// How long `pay` waits for the bot's answer to the pre-checkout query, seconds.
    public let answerTimeout: Double
    let state: Mutex<State>
    let server: HTTPServer
    let transport = HTTPTransport(timeout: 10)
    let clock: @Sendable () -> Int64

    public init(
        host: String = "127.0.0.1", port: Int = 0, acceptAnyToken: Bool = false, answerTimeout: Double = 10,
        logger: Logger
    ) {
        self.logger = logger
        self.acceptAnyToken = acceptAnyToken
        self.answerTimeout = answerTimeout
        clock = { Int64(Date().timeIntervalSince1970) }
        // Update ids grow across restarts, as Telegram's do, so a database that outlives a
        // `tessera dev` session never mistakes a new update for a duplicate.
        state = Mutex(State(nextUpdateID: Int64(Date().timeIntervalSince1970) * 1_000))
        var configuration = HTTPServerConfiguration(host: host, port: port)
        configuration.eventLoopThreads = 1
        configuration.workerThreads = 8
        // Uploads go up to 50 MB (Telegram's limit for bots), plus the form's own bytes.
        configuration.maxBodyBytes = 51 * 1_048_576
        // Bot API paths contain the token: no access log.
        configuration.accessLog = false
        let box = HandlerBox()
        server = HTTPServer(configuration: configuration, logger: logger) { request in box.handle(request) }
        box.target.withLock { $0 = (self, SimulatorControlAPI.router(self)) }
    }

    /// Binds and starts answering; returns immediately.
    public func start() throws(HTTPServerError) { try server.start() }

    public func shutdown() { server.shutdown(gracePeriod: 2) }

    /// Blocks until SIGTERM/SIGINT.
    public func runUntilSignal() { server.runUntilSignal() }

    public var port: Int { server.boundPort }

    /// The URL to use as `TELEGRAM_API_URL`.
    public var baseURL: String { "http://127.0.0.1:\(server.boundPort)" }

    func handle(_ request: HTTPRequest, control: Router) -> HTTPResponse {
        if request.path.hasPrefix("/bot") { return botAPI(request) }
        if request.path.hasPrefix("/file/bot") { return fileDownload(request) }
        if request.path == "/sim" || request.path.hasPrefix("/sim/") { return control.respond(to: request) }
        return .error(
            status: 404, code: "not_found",
            message: "the simulator serves /bot<token>/<method>, /file/bot<token>/<path> and /sim/")
    }

    // MARK: Bot API

    func botAPI(_ request: HTTPRequest) -> HTTPResponse {
        let rest = request.path.dropFirst(4)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let token = String(parts[0])
        let method = parts.count > 1 ? String(parts[1]) : ""
        let parameters: SimulatorParameters
        do { parameters = try SimulatorParameters(request: request) } catch { return Self.render(.failure(error)) }
        let now = clock()
        let outcome = state.withLock { state -> (Result<JSONValue, SimulatedError>, SimulatedBot.FollowUp?, Int64) in
            guard let botID = Self.botID(of: token) else { return (.failure(.methodNotFound), nil, 0) }
            if state.bots[botID] == nil, acceptAnyToken, BotTokenFormat.isValid(token) {
                state.bots[botID] = SimulatedBot(
                    token: token, id: botID, username: "bot\(botID)_bot", firstName: "Bot \(botID)")
            }
            guard var bot = state.bots[botID], bot.token == token else { return (.failure(.unauthorized), nil, 0) }
            var result: Result<JSONValue, SimulatedError>
            var followUp: SimulatedBot.FollowUp?
            if !SimulatedBot.methods.contains(method.lowercased()) {
                result = .failure(.methodNotFound)
            } else if let fault = bot.takeFault(method) {
                result = .failure(fault)
            } else {
                (result, followUp) = bot.perform(method, parameters, now: now)
            }
            let status: Int
            switch result {
            case .success: status = 200
            case .failure(let e): status = e.code
            }
            bot.calls.append((method: method, status: status))
            state.bots[botID] = bot
            return (result, followUp, botID)
        }
        if let followUp = outcome.1 {
            let botID = outcome.2
            // Telegram sends the notice after answering the call; so does the simulator.
            DispatchQueue.global().async { self.deliver(followUp, botID: botID) }
        }
        return Self.render(outcome.0)
    }

    static func botID(of token: String) -> Int64? {
        guard let colon = token.firstIndex(of: ":") else { return nil }
        return Int64(token[..<colon])
    }

    static func render(_ result: Result<JSONValue, SimulatedError>) -> HTTPResponse {
        switch result {
        case .success(let value):
            return .json(JSONValue.object(["ok": true, "result": value]).serialized())
        case .failure(let error):
            var body: JSONObject = [
                "ok": false, "error_code": .int(Int64(error.code)), "description": .string(error.description),
            ]
            var headers = HTTPHeaders()
            if let retryAfter = error.retryAfter {
                body["parameters"] = ["retry_after": .int(Int64(retryAfter))]
                headers.add(name: "Retry-After", value: String(retryAfter))
            }
            return .json(JSONValue.object(body).serialized(), status: error.code, headers: headers)
        }
    }

    func deliver(_ followUp: SimulatedBot.FollowUp, botID: Int64) {
        switch followUp {
        case .refunded(let userID, let chargeID, let invoice):
            _ = push(botID: botID, userID: userID) { bot, user, now in
                UpdateFactory.message(bot: &bot, user: user, date: now) {
                    $0["refunded_payment"] = [
                        "currency": .string(invoice.currency), "total_amount": .int(invoice.amount),
                        "invoice_payload": .string(invoice.payload), "telegram_payment_charge_id": .string(chargeID),
                    ]
                }
            }
        }
    }
}

/// Token syntax: `<digits>:<at least 8 of [A-Za-z0-9_-]>`.
enum BotTokenFormat {
    static func isValid(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isNumber), parts[1].count >= 8 else {
            return false
        }
        return parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}

/// Lets the server's handler reach the simulator that owns the server and its control router
/// (set once, right after the server is created; the Mutex makes the hand-over safe).
private final class HandlerBox: Sendable {
    let target = Mutex<(simulator: TelegramSimulator, control: Router)?>(nil)

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let (simulator, control) = target.withLock({ $0 }) else {
            return .error(status: 503, code: "starting", message: "the simulator is starting")
        }
        return simulator.handle(request, control: control)
    }
}
