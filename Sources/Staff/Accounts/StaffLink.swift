import Foundation
import Kernel
import Postgres

/// What a one-time link does when it is opened.
public enum StaffLinkKind: String, Sendable, CaseIterable {
    /// Join a tenant's staff with a role (creating the account if needed).
    case invitation
    /// Set a new password.
    case passwordReset = "password_reset"
    /// Sign in without a password; sent by the tenant's bot to the person's linked Telegram account.
    case telegramSignIn = "telegram_sign_in"
    /// Tie the Telegram account that opens it to the person: the office hands it out as the deep
    /// link `https://t.me/<bot>?start=staff_<token>` of one tenant's bot (`TelegramLinking`).
    case telegramLink = "telegram_link"

    /// How long a link of this kind lives unless told otherwise.
    public var defaultLifetime: TimeInterval {
        switch self {
        case .invitation: return 72 * 3600
        case .passwordReset: return 3600
        case .telegramSignIn: return 600
        case .telegramLink: return 15 * 60
        }
    }

    /// The back-office path the link opens, before the token (a Telegram link opens the bot instead).
    public var pathPrefix: String {
        switch self {
        case .invitation: return "/office/invite/"
        case .passwordReset: return "/office/reset/"
        case .telegramSignIn: return "/office/telegram/"
        case .telegramLink: return "/"
        }
    }
}

/// A stored one-time link, without its token.
public struct StaffLink: Sendable, Equatable {
    public var id: Int64
    public var kind: StaffLinkKind
    public var tenantID: Int64?
    public var role: StaffRole?
    /// The person it is for: always set for resets and Telegram sign-ins; for an invitation
    /// when it named an email.
    public var personID: Int64?
    public var displayName: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var usedBy: Int64?

    static let columns = "id, kind, tenant_id, role, person_id, display_name, created_at, expires_at, used_at, used_by"

    static func decode(_ row: PostgresRow) throws -> StaffLink {
        StaffLink(
            id: try row.decode(Int64.self, 0),
            kind: StaffLinkKind(rawValue: try row.decode(String.self, 1)) ?? .invitation,
            tenantID: try row.decode(Int64?.self, 2),
            role: try row.decode(String?.self, 3).flatMap(StaffRole.init(rawValue:)),
            personID: try row.decode(Int64?.self, 4), displayName: try row.decode(String.self, 5),
            createdAt: try row.decode(Date.self, 6), expiresAt: try row.decode(Date.self, 7),
            usedAt: try row.decode(Date?.self, 8),
            usedBy: try row.decode(Int64?.self, 9))
    }
}
