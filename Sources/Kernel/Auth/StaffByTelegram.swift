import Postgres

/// A staff member of one tenant found by the Telegram account they linked
/// (`staff_people.telegram_user_id`): who writes in the staff forum group.
public struct TelegramStaffMember: Sendable, Equatable {
    public var actor: StaffActor
    public var role: StaffRole
    /// The display name (or the email when there is none), for "— Name, via back office".
    public var name: String

    public init(actor: StaffActor, role: StaffRole, name: String) {
        self.actor = actor
        self.role = role
        self.name = name
    }
}

/// Looks staff up by Telegram account; the Staff area implements it, other areas reach it through
/// `AreaHooks.staffByTelegram`.
public protocol StaffByTelegram: Sendable {
    /// The enabled person linked to `telegramUserID` with their role in tenant `tenantID`, if any.
    func member(telegramUserID: Int64, tenantID: Int64, _ conn: PostgresConnection) throws -> TelegramStaffMember?
    /// The name of a staff actor (a person's display name or email, a token's name), for replies
    /// posted into the forum; nil when it is gone.
    func name(of actor: StaffActor, _ conn: PostgresConnection) throws -> String?
}
