import Kernel
import Telegram
import Tenancy

/// Verifies subscribe_channel quests with the tenant's own bot: `getChatMember(@channel, user)`.
/// The bot must be able to see the channel (an administrator of it, for private members lists).
struct BotAPIMembershipChecker: ChannelMembershipChecker {
    let client: BotAPIClient
    let registry: TenantRegistry

    func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool {
        guard let live = registry.tenant(tenant) else { throw .unavailable("tenant \(tenant) is not loaded") }
        let bot = TelegramBot(token: live.botToken.value, client: client)
        do {
            let member = try bot.getChatMember(chat: channel, userID: userID)
            return ChatMemberStatus.isMember(status: member.status, isMemberFlag: member.isMember)
        } catch .badRequest(let description) where description.contains("user not found") || description.contains("PARTICIPANT_ID_INVALID") {
            // Telegram's answer for someone who never joined.
            return false
        } catch {
            throw .unavailable("Telegram could not confirm the subscription: \(error)")
        }
    }
}
