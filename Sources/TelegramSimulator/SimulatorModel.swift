import Foundation
import Telegram
import TesseraJSON

/// A Bot API error as Telegram renders it: `{"ok":false,"error_code":N,"description":"…"}`
/// with HTTP status N (and `parameters.retry_after` plus a Retry-After header on 429).
public struct SimulatedError: Error, Sendable, Equatable {
    public var code: Int
    public var description: String
    public var retryAfter: Int?

    public init(code: Int, description: String, retryAfter: Int? = nil) {
        self.code = code
        self.description = description
        self.retryAfter = retryAfter
    }

    static func badRequest(_ what: String) -> SimulatedError {
        SimulatedError(code: 400, description: "Bad Request: \(what)")
    }
    static let unauthorized = SimulatedError(code: 401, description: "Unauthorized")
    static let methodNotFound = SimulatedError(code: 404, description: "Not Found: method not found")
    static let blocked = SimulatedError(code: 403, description: "Forbidden: bot was blocked by the user")
    static func tooManyRequests(retryAfter: Int) -> SimulatedError {
        SimulatedError(code: 429, description: "Too Many Requests: retry after \(retryAfter)", retryAfter: retryAfter)
    }
}

/// The outcome of pushing one update to the bot's webhook.
public struct Delivery: Sendable, Equatable {
    public var updateID: Int64
    /// The webhook's HTTP status; nil when it could not be reached or no webhook is set.
    public var status: Int?
    public var error: String?
    public var delivered: Bool { status.map { (200..<300).contains($0) } ?? false }

    var json: JSONValue {
        var o: JSONObject = ["update_id": .int(updateID), "delivered": .bool(delivered)]
        o["status"] = status.map { .int(Int64($0)) } ?? .null
        if let error { o["error"] = .string(error) }
        return .object(o)
    }
}

/// What happened when a simulated user paid an invoice.
public struct PaymentOutcome: Sendable, Equatable {
    public var preCheckout: Delivery
    /// The bot's answer to the pre-checkout query; nil when it did not answer in time.
    public var answer: PreCheckoutAnswer?
    /// The `successful_payment` delivery, when the checkout was accepted.
    public var payment: Delivery?
    public var chargeID: String?

    var json: JSONValue {
        var o: JSONObject = ["pre_checkout": preCheckout.json]
        if let answer {
            var a: JSONObject = ["ok": .bool(answer.ok)]
            a["error_message"] = answer.errorMessage.map { .string($0) } ?? .null
            o["answer"] = .object(a)
        } else {
            o["answer"] = .null
        }
        o["paid"] = .bool(payment?.delivered ?? false)
        o["telegram_payment_charge_id"] = chargeID.map { .string($0) } ?? .null
        if let payment { o["successful_payment"] = payment.json }
        return .object(o)
    }
}

/// The bot's `answerPreCheckoutQuery`.
public struct PreCheckoutAnswer: Sendable, Equatable {
    public var ok: Bool
    public var errorMessage: String?

    public init(ok: Bool, errorMessage: String?) {
        self.ok = ok
        self.errorMessage = errorMessage
    }
}

/// A scripted failure: the next `remaining` calls of `method` (`*` = any) fail with `error`.
struct Fault: Sendable {
    var method: String
    var remaining: Int
    var error: SimulatedError
}

struct Webhook: Sendable {
    var url: String
    var secretToken: String?
    var allowedUpdates: [String]
    var maxConnections: Int
}

struct Invoice: Sendable {
    var link: String
    var title: String
    var description: String
    var payload: String
    var currency: String
    var amount: Int64
}

struct Charge: Sendable {
    var userID: Int64
    var invoice: Invoice
    var refunded: Bool
}

/// One simulated bot and everything Telegram would know about it.
struct SimulatedBot: Sendable {
    var token: String
    var id: Int64
    var username: String
    var firstName: String
    var webhook: Webhook?
    var defaultMenuButton: JSONValue = ["type": "default"]
    var menuButtons: [Int64: JSONValue] = [:]
    /// Commands and descriptions (`setMyCommands`, `setMyDescription`, `setMyShortDescription`).
    var profile = Profile()
    /// The updates pushed to the webhook, by id (the latest 1,000), for redelivery.
    var pushed: [Int64: JSONValue] = [:]
    var nextMessageID: Int64 = 1
    /// Messages the bot sent, as Telegram returned them.
    var sent: [JSONValue] = []
    var invoices: [String: Invoice] = [:]
    var pendingQueries: [String: (userID: Int64, invoice: Invoice)] = [:]
    var answers: [String: PreCheckoutAnswer] = [:]
    var charges: [String: Charge] = [:]
    /// Users who have a private chat with the bot.
    var users: [Int64: TelegramUser] = [:]
    var blocked: Set<Int64> = []
    /// Public channels Telegram knows, by lowercased username without `@` (`SimulatedChannel`).
    var channels: [String: SimulatedChannel] = [:]
    var faults: [Fault] = []
    /// Supergroups the bot is in, by chat id.
    var groups: [Int64: SimulatedGroup] = [:]
    /// Every message of every chat (the users', the bot's, service messages) by chat id and message id.
    var messages: [Int64: [Int64: JSONValue]] = [:]
    /// Uploaded and pushed files by `file_id`.
    var files: [String: StoredFile] = [:]
    var nextFileNumber = 0
    /// Every Bot API call: method and the status answered.
    var calls: [(method: String, status: Int)] = []

    var userJSON: JSONValue {
        ["id": .int(id), "is_bot": true, "first_name": .string(firstName), "username": .string(username)]
    }

    mutating func takeMessageID() -> Int64 {
        defer { nextMessageID += 1 }
        return nextMessageID
    }

    /// Consumes a scripted fault for `method`, if one is armed.
    mutating func takeFault(_ method: String) -> SimulatedError? {
        guard
            let index = faults.firstIndex(where: { $0.method == "*" || $0.method.lowercased() == method.lowercased() })
        else {
            return nil
        }
        let error = faults[index].error
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return error
    }
}

func privateChatJSON(_ user: TelegramUser) -> JSONValue {
    var o: JSONObject = ["id": .int(user.id), "first_name": .string(user.firstName)]
    if let lastName = user.lastName { o["last_name"] = .string(lastName) }
    if let username = user.username { o["username"] = .string(username) }
    o["type"] = "private"
    return .object(o)
}
