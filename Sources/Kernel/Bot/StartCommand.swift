import Postgres
import Telegram
import Tenancy

/// `/start <payload>` in the bot's private chat, as an area may claim it before the intake treats
/// it as a participant's.
public struct StartCommand: Sendable, Equatable {
    /// What followed `/start` (a deep link's `start` value: `A-Z a-z 0-9 _ -`, at most 64 characters).
    public var payload: String
    /// Who sent it; their private chat with the bot has the same id.
    public var user: TelegramUser
    public var messageID: Int64

    public init(payload: String, user: TelegramUser, messageID: Int64) {
        self.payload = payload
        self.user = user
        self.messageID = messageID
    }
}

/// An area that owns some `/start` payloads (Staff: `staff_<token>`, the link that ties a staff
/// member's Telegram account). A claimed command is the area's alone: the intake creates no
/// participant, attributes no source or referral and stores no message for it.
public protocol StartCommandHandling: Sendable {
    /// Handles the command in the update's transaction (a throw rolls the update back, to be
    /// retried) and returns true, or returns false when the payload is not the area's.
    func startCommand(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool
}
