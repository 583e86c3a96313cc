import Foundation
import TesseraJSON

/// One update as Telegram delivers it to a webhook: its id, the kind of object it carries (the
/// member next to `update_id`) and, for the kinds Tessera acts on, that object typed.
public struct TelegramUpdate: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case message(IncomingMessage)
        case preCheckoutQuery(PreCheckoutQuery)
        case myChatMember(ChatMemberUpdate)
        /// A kind Tessera stores but does not act on (yet).
        case other
    }

    public var updateID: Int64
    /// `message`, `pre_checkout_query`, `my_chat_member`, `callback_query`, …
    public var kind: String
    public var content: Content

    /// Reads an update; fails only when there is no `update_id` or a known kind is malformed.
    public static func parse(_ value: JSONValue) throws(UpdateParseError) -> TelegramUpdate {
        guard case .object(let object) = value else { throw UpdateParseError("an update must be a JSON object") }
        guard let id = object["update_id"]?.intValue, id >= 0 else {
            throw UpdateParseError("update_id is missing or not a non-negative integer")
        }
        guard let kind = object.keys.first(where: { $0 != "update_id" }), let body = object[kind] else {
            return TelegramUpdate(updateID: id, kind: "empty", content: .other)
        }
        let content: Content
        switch kind {
        case "message": content = .message(try IncomingMessage(body))
        case "pre_checkout_query": content = .preCheckoutQuery(try PreCheckoutQuery(body))
        case "my_chat_member": content = .myChatMember(try ChatMemberUpdate(body))
        default: content = .other
        }
        return TelegramUpdate(updateID: id, kind: kind, content: content)
    }

    public static func parse(_ bytes: [UInt8]) throws(UpdateParseError) -> TelegramUpdate {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw UpdateParseError("not JSON: \(error.message)") }
        return try parse(value)
    }
}

/// Why an update could not be read.
public struct UpdateParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A `message` update: text, a command, an attachment, a contact, a payment notice or a forum
/// topic's service message, in the bot's private chat or in a group.
public struct IncomingMessage: Sendable, Equatable {
    public var messageID: Int64
    public var date: Date
    public var chatID: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    public var chatType: String
    public var from: TelegramUser?
    /// True when the sender is a bot (`from.is_bot`).
    public var senderIsBot: Bool
    public var text: String?
    public var successfulPayment: SuccessfulPayment?
    public var refundedPayment: RefundedPayment?
    /// What the message holds (`unsupported` with its keys for kinds Tessera does not know).
    public var kind: MessageKind
    /// The caption of a photo, document, video or voice note.
    public var caption: String?
    /// The forum topic (or, outside forums, the reply thread) the message belongs to.
    public var messageThreadID: Int64?
    /// True only for messages sent inside a forum topic.
    public var isTopicMessage: Bool
    public var replyToMessage: RepliedMessage?

    init(_ value: JSONValue) throws(UpdateParseError) {
        guard let id = value["message_id"]?.intValue, let chat = value["chat"], let chatID = chat["id"]?.intValue else {
            throw UpdateParseError("message: message_id or chat.id missing")
        }
        messageID = id
        date = Date(timeIntervalSince1970: TimeInterval(value["date"]?.intValue ?? 0))
        self.chatID = chatID
        chatType = chat["type"]?.stringValue ?? "private"
        from = try value["from"].map { v throws(UpdateParseError) in try TelegramUser(botAPI: v) }
        senderIsBot = value["from"]?["is_bot"]?.boolValue ?? false
        text = value["text"]?.stringValue
        successfulPayment = try value["successful_payment"].map { v throws(UpdateParseError) in try SuccessfulPayment(v)
        }
        refundedPayment = try value["refunded_payment"].map { v throws(UpdateParseError) in try RefundedPayment(v) }
        kind = MessageKind(message: value)
        caption = value["caption"]?.stringValue
        messageThreadID = value["message_thread_id"]?.intValue
        isTopicMessage = value["is_topic_message"]?.boolValue ?? false
        replyToMessage = value["reply_to_message"].flatMap(RepliedMessage.init)
    }

    /// `/name payload` (also `/name@bot payload`) when the text is a bot command.
    public var command: (name: String, payload: String?)? {
        guard let text, text.hasPrefix("/") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let head = parts.first, head.count > 1 else { return nil }
        let name = String(head.dropFirst().split(separator: "@", maxSplits: 1).first ?? "")
        let payload = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        return (name, payload?.isEmpty == false ? payload : nil)
    }
}

/// `successful_payment`: money moved. `telegramPaymentChargeID` is the idempotency key.
public struct SuccessfulPayment: Sendable, Equatable {
    public var currency: String
    public var totalAmount: Int64
    public var invoicePayload: String
    public var telegramPaymentChargeID: String
    public var providerPaymentChargeID: String?

    init(_ value: JSONValue) throws(UpdateParseError) {
        guard let currency = value["currency"]?.stringValue, let amount = value["total_amount"]?.intValue,
            let payload = value["invoice_payload"]?.stringValue,
            let charge = value["telegram_payment_charge_id"]?.stringValue
        else {
            throw UpdateParseError("successful_payment: currency, total_amount, invoice_payload or charge id missing")
        }
        self.currency = currency
        totalAmount = amount
        invoicePayload = payload
        telegramPaymentChargeID = charge
        providerPaymentChargeID = value["provider_payment_charge_id"]?.stringValue
    }
}

/// `refunded_payment`: a Stars payment was refunded.
public struct RefundedPayment: Sendable, Equatable {
    public var currency: String
    public var totalAmount: Int64
    public var invoicePayload: String
    public var telegramPaymentChargeID: String

    init(_ value: JSONValue) throws(UpdateParseError) {
        guard let currency = value["currency"]?.stringValue, let amount = value["total_amount"]?.intValue,
            let charge = value["telegram_payment_charge_id"]?.stringValue
        else { throw UpdateParseError("refunded_payment: currency, total_amount or charge id missing") }
        self.currency = currency
        totalAmount = amount
        invoicePayload = value["invoice_payload"]?.stringValue ?? ""
        telegramPaymentChargeID = charge
    }
}

/// `pre_checkout_query`: the user confirmed a payment; answer within 10 seconds.
public struct PreCheckoutQuery: Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    public var currency: String
    public var totalAmount: Int64
    public var invoicePayload: String

    init(_ value: JSONValue) throws(UpdateParseError) {
        guard let id = value["id"]?.stringValue, let from = value["from"],
            let currency = value["currency"]?.stringValue,
            let amount = value["total_amount"]?.intValue, let payload = value["invoice_payload"]?.stringValue
        else {
            throw UpdateParseError("pre_checkout_query: id, from, currency, total_amount or invoice_payload missing")
        }
        self.id = id
        self.from = try TelegramUser(botAPI: from)
        self.currency = currency
        totalAmount = amount
        invoicePayload = payload
    }
}

/// `my_chat_member`: the bot's status in a chat changed; in a private chat `kicked` means the
/// user blocked the bot and `member` that they unblocked (or started) it.
public struct ChatMemberUpdate: Sendable, Equatable {
    public var chatID: Int64
    public var chatType: String
    public var from: TelegramUser
    public var oldStatus: String
    public var newStatus: String
    public var date: Date

    init(_ value: JSONValue) throws(UpdateParseError) {
        guard let chat = value["chat"], let chatID = chat["id"]?.intValue, let from = value["from"],
            let old = value["old_chat_member"]?["status"]?.stringValue,
            let new = value["new_chat_member"]?["status"]?.stringValue
        else { throw UpdateParseError("my_chat_member: chat.id, from or a member status missing") }
        self.chatID = chatID
        chatType = chat["type"]?.stringValue ?? "private"
        self.from = try TelegramUser(botAPI: from)
        oldStatus = old
        newStatus = new
        date = Date(timeIntervalSince1970: TimeInterval(value["date"]?.intValue ?? 0))
    }
}

extension TelegramUser {
    /// Reads a Bot API `User` object (`id`, `first_name`, optional `last_name`, `username`,
    /// `language_code`, `is_premium`).
    public init(botAPI value: JSONValue) throws(UpdateParseError) {
        guard let id = value["id"]?.intValue, let firstName = value["first_name"]?.stringValue else {
            throw UpdateParseError("user: id or first_name missing")
        }
        self.init(
            id: id, firstName: firstName, lastName: value["last_name"]?.stringValue,
            username: value["username"]?.stringValue,
            languageCode: value["language_code"]?.stringValue, isPremium: value["is_premium"]?.boolValue ?? false)
    }

    /// The user as a Bot API `User` object (for the simulator and tests).
    public var botAPIJSON: JSONValue {
        var o: JSONObject = ["id": .int(id), "is_bot": false, "first_name": .string(firstName)]
        if let lastName { o["last_name"] = .string(lastName) }
        if let username { o["username"] = .string(username) }
        if let languageCode { o["language_code"] = .string(languageCode) }
        if isPremium { o["is_premium"] = true }
        return .object(o)
    }
}
