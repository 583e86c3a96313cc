import Foundation
import Telegram
import TesseraCrypto
import TesseraJSON

/// What simulated users do, and what tests and the control API read back. Every push goes to
/// the bot's webhook with its secret header and returns the webhook's answer.
extension TelegramSimulator {
    /// Adds a bot (or replaces its profile); returns its id.
    @discardableResult
    public func addBot(token: String, username: String? = nil, firstName: String? = nil) throws(SimulatedError) -> Int64
    {
        guard BotTokenFormat.isValid(token), let id = Self.botID(of: token) else {
            throw SimulatedError.badRequest("the token must look like <bot id>:<secret>")
        }
        state.withLock { state in
            var bot =
                state.bots[id] ?? SimulatedBot(token: token, id: id, username: "bot\(id)_bot", firstName: "Bot \(id)")
            bot.token = token
            if let username { bot.username = username }
            if let firstName { bot.firstName = firstName }
            state.bots[id] = bot
        }
        return id
    }

    /// The bot's webhook URL and secret, if one is set.
    public func webhook(botID: Int64) -> (url: String, secretToken: String?)? {
        state.withLock { $0.bots[botID]?.webhook.map { ($0.url, $0.secretToken) } }
    }

    /// Messages the bot sent (to `chatID` only, when given), oldest first, as Telegram returned them.
    public func sentMessages(botID: Int64, chatID: Int64? = nil) -> [JSONValue] {
        state.withLock { state in
            let sent = state.bots[botID]?.sent ?? []
            guard let chatID else { return sent }
            return sent.filter { $0["chat"]?["id"]?.intValue == chatID }
        }
    }

    /// Every Bot API call of the bot: method name and the HTTP status answered.
    public func calls(botID: Int64) -> [(method: String, status: Int)] {
        state.withLock { $0.bots[botID]?.calls ?? [] }
    }

    /// The menu button for `chatID` (or the default one).
    public func menuButton(botID: Int64, chatID: Int64? = nil) -> JSONValue? {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return nil }
            return chatID.flatMap { bot.menuButtons[$0] } ?? bot.defaultMenuButton
        }
    }

    /// Makes the next `count` calls of `method` (`*` = any) fail: 429 with `retryAfter`, or
    /// `errorCode` with `description`.
    public func injectFault(
        botID: Int64, method: String, count: Int = 1, errorCode: Int = 429, retryAfter: Int? = nil,
        description: String? = nil
    ) {
        let error: SimulatedError
        if errorCode == 429 {
            error = .tooManyRequests(retryAfter: retryAfter ?? 1)
        } else {
            error = SimulatedError(
                code: errorCode, description: description ?? Self.defaultDescription(errorCode), retryAfter: retryAfter)
        }
        state.withLock { $0.bots[botID]?.faults.append(Fault(method: method, remaining: max(1, count), error: error)) }
    }

    public func clearFaults(botID: Int64) {
        state.withLock { $0.bots[botID]?.faults.removeAll() }
    }

    static func defaultDescription(_ code: Int) -> String {
        switch code {
        case 400: "Bad Request: simulated failure"
        case 401: "Unauthorized"
        case 403: "Forbidden: bot was blocked by the user"
        case 404: "Not Found"
        case 409: "Conflict: terminated by other getUpdates request"
        default: "Internal Server Error"
        }
    }

    /// The user sends `/start` (with `payload`, as from a `t.me/<bot>?start=<payload>` link).
    @discardableResult
    public func sendStart(botID: Int64, user: TelegramUser, payload: String? = nil) -> Delivery {
        meet(botID: botID, user: user)
        let text = payload.map { "/start \($0)" } ?? "/start"
        return push(botID: botID, userID: user.id) { bot, user, now in
            UpdateFactory.text(text, bot: &bot, user: user, date: now)
        }
    }

    /// The user sends a text message.
    @discardableResult
    public func sendText(botID: Int64, user: TelegramUser, text: String) -> Delivery {
        meet(botID: botID, user: user)
        return push(botID: botID, userID: user.id) { bot, user, now in
            UpdateFactory.text(text, bot: &bot, user: user, date: now)
        }
    }

    /// The user blocks (or unblocks) the bot: sending to them answers 403 from now on (or no
    /// longer), and the bot gets `my_chat_member` (`kicked` / `member`).
    @discardableResult
    public func setBlocked(botID: Int64, user: TelegramUser, blocked: Bool, notify: Bool = true) -> Delivery? {
        meet(botID: botID, user: user)
        let changed = state.withLock { state -> Bool in
            guard state.bots[botID] != nil else { return false }
            if blocked {
                return state.bots[botID]!.blocked.insert(user.id).inserted
            }
            return state.bots[botID]!.blocked.remove(user.id) != nil
        }
        guard notify, changed else { return nil }
        return push(botID: botID, userID: user.id) { bot, user, now in
            UpdateFactory.memberChange(
                bot: bot, user: user, old: blocked ? "member" : "kicked", new: blocked ? "kicked" : "member", date: now)
        }
    }

    /// The user pays `invoiceLink`: a `pre_checkout_query`, then — if the bot accepts within
    /// `answerTimeout` — a `successful_payment` message with a fresh charge id.
    public func pay(botID: Int64, user: TelegramUser, invoiceLink: String) throws(SimulatedError) -> PaymentOutcome {
        meet(botID: botID, user: user)
        let queryID = String(UInt64.random(in: 1_000_000_000_000...9_999_999_999_999))
        let invoice = state.withLock { state -> Invoice? in
            guard let invoice = state.bots[botID]?.invoices[invoiceLink] else { return nil }
            state.bots[botID]?.pendingQueries[queryID] = (user.id, invoice)
            return invoice
        }
        guard let invoice else { throw SimulatedError(code: 404, description: "Not Found: no such invoice link") }
        let preCheckout = push(botID: botID, userID: user.id) { _, user, _ in
            UpdateFactory.preCheckout(id: queryID, user: user, invoice: invoice)
        }
        var answer: PreCheckoutAnswer?
        let deadline = Date().addingTimeInterval(answerTimeout)
        while answer == nil, Date() < deadline {
            answer = state.withLock { $0.bots[botID]?.answers[queryID] }
            if answer == nil { Thread.sleep(forTimeInterval: 0.01) }
        }
        state.withLock { _ = $0.bots[botID]?.pendingQueries.removeValue(forKey: queryID) }
        guard let answer, answer.ok else {
            return PaymentOutcome(preCheckout: preCheckout, answer: answer, payment: nil, chargeID: nil)
        }
        let chargeID = "stxsim" + Base64URL.encode(SecureRandom.bytes(18))
        state.withLock {
            $0.bots[botID]?.charges[chargeID] = Charge(userID: user.id, invoice: invoice, refunded: false)
        }
        let payment = push(botID: botID, userID: user.id) { bot, user, now in
            UpdateFactory.message(bot: &bot, user: user, date: now) {
                $0["successful_payment"] = [
                    "currency": .string(invoice.currency), "total_amount": .int(invoice.amount),
                    "invoice_payload": .string(invoice.payload),
                    "telegram_payment_charge_id": .string(chargeID), "provider_payment_charge_id": "",
                ]
            }
        }
        return PaymentOutcome(preCheckout: preCheckout, answer: answer, payment: payment, chargeID: chargeID)
    }

    /// Pushes an update as given; `update_id` is assigned when missing.
    @discardableResult
    public func pushRaw(botID: Int64, update: JSONObject) -> Delivery {
        var update = update
        let target = state.withLock { state -> (Webhook?, Int64) in
            let id: Int64
            if let given = update["update_id"]?.intValue {
                id = given
            } else {
                id = state.nextUpdateID
                state.nextUpdateID += 1
                var ordered: JSONObject = ["update_id": .int(id)]
                for (key, value) in update { ordered[key] = value }
                update = ordered
            }
            return (state.bots[botID]?.webhook, id)
        }
        return post(update: .object(update), updateID: target.1, to: target.0)
    }

    /// The user now has a private chat with the bot (so the bot can message them).
    func meet(botID: Int64, user: TelegramUser) {
        state.withLock { $0.bots[botID]?.users[user.id] = user }
    }

    /// Builds an update under the lock (so ids and message ids are consistent) and posts it.
    func push(
        botID: Int64, userID: Int64, _ build: (inout SimulatedBot, TelegramUser, Int64) -> (String, JSONValue)
    ) -> Delivery {
        let now = clock()
        let prepared = state.withLock { state -> (JSONValue, Int64, Webhook?)? in
            guard var bot = state.bots[botID], let user = bot.users[userID] else { return nil }
            let id = state.nextUpdateID
            state.nextUpdateID += 1
            let (kind, body) = build(&bot, user, now)
            let update: JSONValue = .object(["update_id": .int(id), kind: body])
            bot.pushed[id] = update
            if bot.pushed.count > 1_000, let oldest = bot.pushed.keys.min() { bot.pushed[oldest] = nil }
            state.bots[botID] = bot
            return (update, id, bot.webhook)
        }
        guard let (update, id, webhook) = prepared else {
            return Delivery(updateID: 0, status: nil, error: "no such bot or user")
        }
        return post(update: update, updateID: id, to: webhook)
    }

    /// Pushes an update again, byte for byte, as Telegram does when the webhook did not answer in
    /// time; nil when the bot never pushed `updateID`.
    public func redeliver(botID: Int64, updateID: Int64) -> Delivery? {
        guard let (update, webhook) = state.withLock({ state -> (JSONValue, Webhook?)? in
            guard let bot = state.bots[botID], let update = bot.pushed[updateID] else { return nil }
            return (update, bot.webhook)
        }) else { return nil }
        return post(update: update, updateID: updateID, to: webhook)
    }

    /// The commands, descriptions and short descriptions the bot set (`commands` keyed by
    /// `scope|language_code`, the texts by language code, "" for everyone else).
    public func profile(botID: Int64) -> JSONValue? {
        state.withLock { $0.bots[botID]?.profile.json }
    }

    func post(update: JSONValue, updateID: Int64, to webhook: Webhook?) -> Delivery {
        guard let webhook, let url = URL(string: webhook.url) else {
            return Delivery(updateID: updateID, status: nil, error: "no webhook is set")
        }
        var headers = [("Content-Type", "application/json")]
        if let secret = webhook.secretToken { headers.append(("X-Telegram-Bot-Api-Secret-Token", secret)) }
        do {
            let response = try transport.send(method: "POST", url: url, headers: headers, body: update.serialized())
            return Delivery(updateID: updateID, status: response.status, error: nil)
        } catch {
            return Delivery(updateID: updateID, status: nil, error: error.message)
        }
    }
}
