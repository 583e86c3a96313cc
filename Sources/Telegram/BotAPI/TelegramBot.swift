import TesseraJSON

/// One bot's typed Bot API methods: the ones Tessera calls. Holds the token; its description
/// shows only the public bot id.
public struct TelegramBot: Sendable, CustomStringConvertible {
    public let client: BotAPIClient
    /// Module-internal so the method extensions can use it; never printed.
    let token: String

    public init(token: String, client: BotAPIClient) {
        self.token = token
        self.client = client
    }

    /// The numeric id before the colon (public information).
    public var botID: Int64 { Int64(token.split(separator: ":").first ?? "") ?? 0 }

    public var description: String { "TelegramBot(\(botID))" }

    /// Any method by name, for what has no typed wrapper yet.
    public func call(_ method: String, _ parameters: JSONObject = JSONObject()) throws(BotAPIError) -> JSONValue {
        try client.call(token: token, method, parameters)
    }

    public func getMe() throws(BotAPIError) -> BotInfo {
        try BotInfo(call("getMe"))
    }

    /// Points Telegram at `url`; every update then carries `X-Telegram-Bot-Api-Secret-Token: secretToken`.
    public func setWebhook(
        url: String, secretToken: String?, allowedUpdates: [String]? = nil, maxConnections: Int? = nil,
        dropPendingUpdates: Bool = false
    ) throws(BotAPIError) {
        var p = JSONObject()
        p["url"] = .string(url)
        if let secretToken { p["secret_token"] = .string(secretToken) }
        if let allowedUpdates { p["allowed_updates"] = .array(allowedUpdates.map { .string($0) }) }
        if let maxConnections { p["max_connections"] = .int(Int64(maxConnections)) }
        if dropPendingUpdates { p["drop_pending_updates"] = true }
        _ = try call("setWebhook", p)
    }

    public func deleteWebhook(dropPendingUpdates: Bool = false) throws(BotAPIError) {
        var p = JSONObject()
        if dropPendingUpdates { p["drop_pending_updates"] = true }
        _ = try call("deleteWebhook", p)
    }

    /// Sends a text message, optionally into a forum topic, as a reply, and with inline buttons
    /// (one row: the URL button, then the one opening a Mini App).
    @discardableResult
    public func sendMessage(
        chatID: Int64, text: String, messageThreadID: Int64? = nil, replyParameters: ReplyParameters? = nil,
        webAppButton: WebAppButton? = nil, urlButton: URLButton? = nil
    ) throws(BotAPIError) -> SentMessage {
        var p: JSONObject = ["chat_id": .int(chatID), "text": .string(text)]
        if let messageThreadID { p["message_thread_id"] = .int(messageThreadID) }
        if let replyParameters { p["reply_parameters"] = replyParameters.json }
        let row = [urlButton?.button, webAppButton?.button].compactMap { $0 }
        if !row.isEmpty { p["reply_markup"] = ["inline_keyboard": [.array(row)]] }
        return try SentMessage(call("sendMessage", p))
    }

    /// Accepts or declines a checkout; must come within 10 seconds of the `pre_checkout_query`.
    public func answerPreCheckoutQuery(id: String, ok: Bool, errorMessage: String? = nil) throws(BotAPIError) {
        var p: JSONObject = ["pre_checkout_query_id": .string(id), "ok": .bool(ok)]
        if let errorMessage, !ok { p["error_message"] = .string(errorMessage) }
        _ = try call("answerPreCheckoutQuery", p)
    }

    /// An invoice link; for Telegram Stars the currency is `XTR`, the provider token empty and
    /// there is exactly one price. `payload` (1–128 bytes) comes back in the payment.
    public func createInvoiceLink(
        title: String, description: String, payload: String, prices: [LabeledPrice], currency: String = "XTR"
    ) throws(BotAPIError) -> String {
        let p: JSONObject = [
            "title": .string(title), "description": .string(description), "payload": .string(payload),
            "provider_token": "", "currency": .string(currency), "prices": .array(prices.map(\.json)),
        ]
        guard let link = try call("createInvoiceLink", p).stringValue else {
            throw .decoding("createInvoiceLink: expected a string")
        }
        return link
    }

    public func refundStarPayment(userID: Int64, chargeID: String) throws(BotAPIError) {
        _ = try call("refundStarPayment", ["user_id": .int(userID), "telegram_payment_charge_id": .string(chargeID)])
    }

    public func getChatMember(chatID: Int64, userID: Int64) throws(BotAPIError) -> ChatMember {
        try ChatMember(call("getChatMember", ["chat_id": .int(chatID), "user_id": .int(userID)]))
    }

    /// Membership in a public channel or group named `@username` (the bot must be able to see it).
    public func getChatMember(chat username: String, userID: Int64) throws(BotAPIError) -> ChatMember {
        try ChatMember(call("getChatMember", ["chat_id": .string(username), "user_id": .int(userID)]))
    }

    /// Sets the menu button of one private chat, or the default one when `chatID` is nil.
    public func setChatMenuButton(chatID: Int64? = nil, menuButton: MenuButton) throws(BotAPIError) {
        var p: JSONObject = ["menu_button": menuButton.json]
        if let chatID { p["chat_id"] = .int(chatID) }
        _ = try call("setChatMenuButton", p)
    }
}
