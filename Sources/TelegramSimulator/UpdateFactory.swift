import Telegram
import TesseraJSON

/// Builds updates the way Telegram shapes them.
enum UpdateFactory {
    /// A private-chat `message` from `user`; `fill` adds `text`, `successful_payment`, ….
    static func message(bot: inout SimulatedBot, user: TelegramUser, date: Int64, _ fill: (inout JSONObject) -> Void)
        -> (String, JSONValue)
    {
        var message: JSONObject = [
            "message_id": .int(bot.takeMessageID()), "from": user.botAPIJSON, "chat": privateChatJSON(user),
            "date": .int(date),
        ]
        fill(&message)
        bot.record(message)
        return ("message", .object(message))
    }

    /// A text message; a leading `/command` gets its `bot_command` entity.
    static func text(_ text: String, bot: inout SimulatedBot, user: TelegramUser, date: Int64) -> (String, JSONValue) {
        message(bot: &bot, user: user, date: date) { message in
            message["text"] = .string(text)
            if text.hasPrefix("/") {
                let length = text.utf16.prefix { $0 != 0x20 }.count
                message["entities"] = [["offset": 0, "length": .int(Int64(length)), "type": "bot_command"]]
            }
        }
    }

    /// `my_chat_member` for a private chat: the bot went from `old` to `new` (`kicked` = blocked).
    static func memberChange(bot: SimulatedBot, user: TelegramUser, old: String, new: String, date: Int64) -> (
        String, JSONValue
    ) {
        var newMember: JSONObject = ["user": bot.userJSON, "status": .string(new)]
        if new == "kicked" { newMember["until_date"] = 0 }
        let change: JSONObject = [
            "chat": privateChatJSON(user), "from": user.botAPIJSON, "date": .int(date),
            "old_chat_member": ["user": bot.userJSON, "status": .string(old)], "new_chat_member": .object(newMember),
        ]
        return ("my_chat_member", .object(change))
    }

    static func preCheckout(id: String, user: TelegramUser, invoice: Invoice) -> (String, JSONValue) {
        (
            "pre_checkout_query",
            [
                "id": .string(id), "from": user.botAPIJSON, "currency": .string(invoice.currency),
                "total_amount": .int(invoice.amount),
                "invoice_payload": .string(invoice.payload),
            ]
        )
    }
}
