import Kernel

/// Answers whether a Telegram user is subscribed to a channel: the one external check of the
/// quests. The Telegram Bot API client fulfils it with `getChatMember` using the tenant's bot
/// (which must be an administrator of the channel); tests use a fake.
public protocol ChannelMembershipChecker: Sendable {
    /// Whether Telegram user `userID` is a member of `channel` (`@username`), asked with the bot of
    /// tenant `tenant` (its slug). Throws `ChannelCheckError` when Telegram cannot answer.
    func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool
}

public enum ChannelCheckError: Error, Sendable, Equatable {
    /// No Bot API client is configured, or Telegram is unreachable: the claim can be retried.
    case unavailable(String)
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

/// The checker used until a Bot API client is wired in: every check is unavailable (503), so a
/// subscribe_channel quest is never rewarded unverified.
public struct UnconfiguredMembershipChecker: ChannelMembershipChecker {
    public init() {}

    public func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool {
        throw .unavailable("channel membership cannot be checked yet")
    }
}
