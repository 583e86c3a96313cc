import Foundation
import Telegram
import TesseraJSON

extension TelegramSimulator {
    /// The user sends a contact: their own number (the request-contact keyboard button: `user_id`
    /// is theirs) unless `of` names another Telegram user whose card they forward.
    @discardableResult
    public func sendContact(botID: Int64, user: TelegramUser, phoneNumber: String, of owner: TelegramUser? = nil)
        -> Delivery
    {
        meet(botID: botID, user: user)
        let card = owner ?? user
        return push(botID: botID, userID: user.id) { bot, user, now in
            UpdateFactory.message(bot: &bot, user: user, date: now) {
                $0["contact"] = [
                    "phone_number": .string(phoneNumber), "first_name": .string(card.firstName),
                    "user_id": .int(card.id),
                ]
            }
        }
    }

    /// What `WebApp.requestContact` hands the mini app when `user` shares `phoneNumber`: the signed
    /// `contact=…&auth_date=…&hash=…` string for the bot with `botToken`.
    public func requestContactResponse(user: TelegramUser, phoneNumber: String, botToken: String) -> String {
        InitDataSigner.signContact(
            RequestedContact(
                userID: user.id, phoneNumber: phoneNumber, firstName: user.firstName, lastName: user.lastName,
                authDate: Date(timeIntervalSince1970: TimeInterval(clock()))),
            botToken: botToken)
    }
}
