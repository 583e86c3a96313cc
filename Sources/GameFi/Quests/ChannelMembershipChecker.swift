import Kernel

/// Answers whether a Telegram user is subscribed to a channel: the one external check of the
/// quests. The Telegram Bot API client fulfils it with `getChatMember` using the tenant's bot
/// (which must be an administrator of the channel); tests use a fake.
public protocol ChannelMembershipChecker: Sendable {
    /// Whether Telegram user `userID` is a member of `channel` (`@username`), asked with the bot of
    /// tenant `tenant` (its slug). Throws `ChannelCheckError` when Telegram cannot say.
    func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool
}

/// Why a membership check has no answer; the two cases need different people to act.
public enum ChannelCheckError: Error, Sendable, Equatable {
    /// Telegram gave no usable answer (unreachable, 5xx, flood control, no client configured):
    /// the participant can simply try again.
    case telegramUnavailable(String)
    /// Telegram answered that the tenant's bot cannot check this channel: no channel by that name
    /// (`chat not found`), or the bot is not its administrator (`member list is inaccessible`, 403),
    /// or the bot token was revoked (401). Retrying does not help until staff fix the set-up.
    case channelInaccessible(String)
}

/// `getChatMember`'s answer as membership: creator, administrator and member count, and a
/// restricted user counts when `is_member` is true; left and kicked do not.
public enum ChatMemberStatus {
    public static func isMember(status: String, isMemberFlag: Bool?) -> Bool {
        switch status {
        case "creator", "administrator", "member": return true
        case "restricted": return isMemberFlag ?? false
        default: return false
        }
    }
}

/// The checker used until a Bot API client is wired in: every check is unavailable (503
/// `telegram_unavailable`), so a subscribe_channel quest is never rewarded unverified.
public struct UnconfiguredMembershipChecker: ChannelMembershipChecker {
    public init() {}

    public func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool {
        throw .telegramUnavailable("channel membership cannot be checked yet")
    }
}
