import Foundation
import Telegram
import TesseraCrypto
import TesseraJSON

/// The Bot API methods the simulator implements, with Telegram's result shapes and error texts.
extension SimulatedBot {
    /// An update to push once the call has been answered (e.g. `refunded_payment` after a refund).
    enum FollowUp: Sendable {
        case refunded(userID: Int64, chargeID: String, invoice: Invoice)
    }

    static let methods = Set<String>([
        "getme", "setwebhook", "deletewebhook", "getwebhookinfo", "sendmessage", "answerprecheckoutquery",
        "createinvoicelink",
        "refundstarpayment", "getchatmember", "setchatmenubutton", "getchatmenubutton",
    ]).union(messageMethods).union(forumMethods).union(profileMethods)

    mutating func perform(_ method: String, _ p: SimulatorParameters, now: Int64) -> (
        Result<JSONValue, SimulatedError>, FollowUp?
    ) {
        switch method.lowercased() {
        case "getme":
            var me = userJSON.objectValue ?? JSONObject()
            me["can_join_groups"] = true
            me["can_read_all_group_messages"] = false
            me["supports_inline_queries"] = false
            me["can_connect_to_business"] = false
            me["has_main_web_app"] = false
            return (.success(.object(me)), nil)
        case "setwebhook": return (setWebhook(p), nil)
        case "deletewebhook":
            webhook = nil
            return (.success(true), nil)
        case "getwebhookinfo":
            var info: JSONObject = [
                "url": .string(webhook?.url ?? ""), "has_custom_certificate": false, "pending_update_count": 0,
            ]
            if let webhook {
                info["max_connections"] = .int(Int64(webhook.maxConnections))
                info["allowed_updates"] = .array(webhook.allowedUpdates.map { .string($0) })
            }
            return (.success(.object(info)), nil)
        case "sendmessage": return (sendMessage(p, now: now), nil)
        case "answerprecheckoutquery": return (answerPreCheckout(p), nil)
        case "createinvoicelink": return (createInvoiceLink(p), nil)
        case "refundstarpayment": return refund(p)
        case "getchatmember": return (chatMember(p), nil)
        case "setchatmenubutton": return (setMenuButton(p), nil)
        case "getchatmenubutton":
            let chat = p.int("chat_id")
            return (.success(chat.flatMap { menuButtons[$0] } ?? defaultMenuButton), nil)
        case "sendphoto": return (sendFile(kind: "photo", p, now: now), nil)
        case "senddocument": return (sendFile(kind: "document", p, now: now), nil)
        case "copymessage": return (copyMessage(p, now: now), nil)
        case "getfile": return (getFile(p), nil)
        case "getchat": return (getChat(p), nil)
        case let name where Self.forumMethods.contains(name): return (performForum(name, p, now: now), nil)
        case let name where Self.profileMethods.contains(name):
            let (result, changed) = performProfile(name, p)
            if let changed { profile = changed }
            return (result, nil)
        default:
            return (.failure(.methodNotFound), nil)
        }
    }

    mutating func setWebhook(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        let url = p.string("url") ?? ""
        if url.isEmpty {
            webhook = nil
            return .success(true)
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            return .failure(.badRequest("bad webhook: An HTTPS URL must be provided for webhook"))
        }
        let secret = p.string("secret_token")
        if let secret {
            let allowed = secret.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                    || b == 0x2D
            }
            guard (1...256).contains(secret.utf8.count), allowed else {
                return .failure(.badRequest("secret token contains unallowed characters"))
            }
        }
        let allowedUpdates = p.json("allowed_updates")?.arrayValue?.compactMap(\.stringValue) ?? []
        let maxConnections = Int(p.int("max_connections") ?? 40)
        webhook = Webhook(
            url: url, secretToken: secret, allowedUpdates: allowedUpdates,
            maxConnections: min(100, max(1, maxConnections)))
        return .success(true)
    }

    mutating func sendMessage(_ p: SimulatorParameters, now: Int64) -> Result<JSONValue, SimulatedError> {
        guard let target = chat(p.int("chat_id")) else { return .failure(.badRequest("chat not found")) }
        guard var text = p.string("text"), !text.isEmpty else { return .failure(.badRequest("message text is empty")) }
        var entities: [JSONValue] = []
        switch p.string("parse_mode") {
        case nil, "": break
        case "HTML", "html":
            switch TelegramHTML.parse(text) {
            case .success(let parsed):
                text = parsed.text
                entities = parsed.entities.map(\.json)
            case .failure(let error): return .failure(.badRequest(error.description))
            }
        case "MarkdownV2", "Markdown": break  // Not parsed here: the text is kept as sent.
        default: return .failure(.badRequest("unsupported parse_mode"))
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(.badRequest("message text is empty"))
        }
        guard text.utf16.count <= 4096 else { return .failure(.badRequest("message is too long")) }
        var privateChat = false
        if case .user = target { privateChat = true }
        if let error = Self.checkInlineKeyboard(p.json("reply_markup"), privateChat: privateChat) {
            return .failure(error)
        }
        return destination(p).flatMap { destination in
            send(to: destination, p, now: now) {
                $0["text"] = .string(text)
                if !entities.isEmpty { $0["entities"] = .array(entities) }
            }
        }
    }

    mutating func answerPreCheckout(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        guard let id = p.string("pre_checkout_query_id"), pendingQueries[id] != nil, answers[id] == nil else {
            return .failure(.badRequest("QUERY_ID_INVALID"))
        }
        guard let ok = p.bool("ok") else { return .failure(.badRequest("parameter \"ok\" is required")) }
        let message = p.string("error_message")
        if !ok && (message ?? "").isEmpty { return .failure(.badRequest("ERROR_MESSAGE_EMPTY")) }
        answers[id] = PreCheckoutAnswer(ok: ok, errorMessage: ok ? nil : message)
        return .success(true)
    }

    mutating func createInvoiceLink(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        guard let title = p.string("title"), (1...32).contains(title.count) else {
            return .failure(.badRequest("INVOICE_TITLE_INVALID"))
        }
        guard let description = p.string("description"), (1...255).contains(description.count) else {
            return .failure(.badRequest("INVOICE_DESCRIPTION_INVALID"))
        }
        guard let payload = p.string("payload"), (1...128).contains(payload.utf8.count) else {
            return .failure(.badRequest("INVOICE_PAYLOAD_INVALID"))
        }
        guard let currency = p.string("currency"), !currency.isEmpty else {
            return .failure(.badRequest("CURRENCY_INVALID"))
        }
        let prices = p.json("prices")?.arrayValue ?? []
        if currency == "XTR" {
            guard (p.string("provider_token") ?? "").isEmpty else {
                return .failure(.badRequest("STARS_INVOICE_INVALID"))
            }
            guard prices.count == 1 else { return .failure(.badRequest("STARS_INVOICE_INVALID")) }
        }
        guard !prices.isEmpty else { return .failure(.badRequest("PRICES_EMPTY")) }
        var amount: Int64 = 0
        for price in prices {
            guard price["label"]?.stringValue != nil, let a = price["amount"]?.intValue, a > 0 else {
                return .failure(.badRequest("CURRENCY_TOTAL_AMOUNT_INVALID"))
            }
            amount += a
        }
        let link = "https://t.me/$" + Base64URL.encode(SecureRandom.bytes(12))
        invoices[link] = Invoice(
            link: link, title: title, description: description, payload: payload, currency: currency, amount: amount)
        return .success(.string(link))
    }

    mutating func refund(_ p: SimulatorParameters) -> (Result<JSONValue, SimulatedError>, FollowUp?) {
        guard let userID = p.int("user_id") else { return (.failure(.badRequest("USER_ID_INVALID")), nil) }
        guard let chargeID = p.string("telegram_payment_charge_id"), let charge = charges[chargeID] else {
            return (.failure(.badRequest("CHARGE_NOT_FOUND")), nil)
        }
        guard charge.userID == userID else { return (.failure(.badRequest("USER_ID_INVALID")), nil) }
        guard !charge.refunded else { return (.failure(.badRequest("CHARGE_ALREADY_REFUNDED")), nil) }
        charges[chargeID]?.refunded = true
        return (.success(true), .refunded(userID: userID, chargeID: chargeID, invoice: charge.invoice))
    }

    func chatMember(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        if let username = p.string("chat_id"), username.hasPrefix("@") { return channelMember(username, p) }
        if let chatID = p.int("chat_id"), let group = groups[chatID] {
            guard let userID = p.int("user_id") else { return .failure(.badRequest("USER_ID_INVALID")) }
            guard userID == id else { return .failure(.badRequest("member not found")) }
            return .success(group.botMemberJSON(userJSON))
        }
        guard let chatID = p.int("chat_id"), users[chatID] != nil else {
            return .failure(.badRequest("chat not found"))
        }
        guard let userID = p.int("user_id") else { return .failure(.badRequest("USER_ID_INVALID")) }
        if userID == id { return .success(["status": "member", "user": userJSON]) }
        guard userID == chatID, let user = users[userID] else { return .failure(.badRequest("member not found")) }
        if blocked.contains(userID) {
            return .success(["status": "kicked", "user": user.botAPIJSON, "until_date": 0])
        }
        return .success(["status": "member", "user": user.botAPIJSON])
    }

    mutating func setMenuButton(_ p: SimulatorParameters) -> Result<JSONValue, SimulatedError> {
        let button = p.json("menu_button") ?? ["type": "default"]
        switch button["type"]?.stringValue {
        case "default", "commands": break
        case "web_app":
            guard let text = button["text"]?.stringValue, !text.isEmpty else {
                return .failure(.badRequest("BUTTON_TEXT_INVALID"))
            }
            guard let url = button["web_app"]?["url"]?.stringValue, URL(string: url)?.host != nil else {
                return .failure(.badRequest("BUTTON_URL_INVALID"))
            }
        default: return .failure(.badRequest("BUTTON_TYPE_INVALID"))
        }
        if let chatID = p.int("chat_id") {
            guard users[chatID] != nil else { return .failure(.badRequest("chat not found")) }
            menuButtons[chatID] = button
        } else {
            defaultMenuButton = button
        }
        return .success(true)
    }
}
