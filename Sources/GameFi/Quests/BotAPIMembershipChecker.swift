import Kernel
import Telegram
import Tenancy

/// Verifies subscribe_channel quests with the tenant's own bot: `getChatMember(@channel, user)`.
/// The bot must be an administrator of the channel: Telegram shows a channel's members to no one else.
struct BotAPIMembershipChecker: ChannelMembershipChecker {
    let client: BotAPIClient
    let registry: TenantRegistry

    func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool {
        guard let live = registry.tenant(tenant) else { throw .telegramUnavailable("tenant \(tenant) is not loaded") }
        let bot = TelegramBot(token: live.botToken.value, client: client)
        do {
            let member = try bot.getChatMember(chat: channel, userID: userID)
            return ChatMemberStatus.isMember(status: member.status, isMemberFlag: member.isMember)
        } catch {
            if Self.meansNeverJoined(error) { return false }
            throw Self.checkError(error, channel: channel)
        }
    }

    /// Telegram's answer for a user the channel has never seen: not a member (not a failure).
    static func meansNeverJoined(_ error: BotAPIError) -> Bool {
        guard case .badRequest(let description) = error else { return false }
        let lowered = description.lowercased()
        return lowered.contains("user not found") || lowered.contains("participant_id_invalid")
    }

    /// Every other failure, typed by who can act on it: nobody (wait and retry) or staff (the bot
    /// cannot see the channel's members).
    static func checkError(_ error: BotAPIError, channel: String) -> ChannelCheckError {
        switch error {
        case .badRequest(let description), .forbidden(let description, _):
            .channelInaccessible("the bot cannot check \(channel): \(description)")
        case .unauthorized:
            .channelInaccessible("the bot cannot check \(channel): its token was refused (401)")
        case .tooManyRequests, .notFound, .other, .network, .decoding:
            .telegramUnavailable("Telegram could not confirm the subscription: \(error)")
        }
    }
}
