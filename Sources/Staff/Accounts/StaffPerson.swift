import Foundation
import Kernel
import Postgres

/// A back-office user. One person may be staff of several tenants (`StaffMembership`).
public struct StaffPerson: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var displayName: String
    /// False until the person accepted an invitation (or when they only sign in with Telegram).
    public var hasPassword: Bool
    public var locale: StaffLocale
    public var telegramUserID: Int64?
    public var disabled: Bool
    public var createdAt: Date

    static let columns =
        "id, email, display_name, password_hash IS NOT NULL, locale, telegram_user_id, disabled, created_at"

    /// Columns of `columns` qualified with a table alias.
    static func columns(_ alias: String) -> String {
        "\(alias).id, \(alias).email, \(alias).display_name, \(alias).password_hash IS NOT NULL, \(alias).locale, "
            + "\(alias).telegram_user_id, \(alias).disabled, \(alias).created_at"
    }

    static func decode(_ row: PostgresRow, from offset: Int = 0) throws -> StaffPerson {
        StaffPerson(
            id: try row.decode(Int64.self, offset), email: try row.decode(String.self, offset + 1),
            displayName: try row.decode(String.self, offset + 2), hasPassword: try row.decode(Bool.self, offset + 3),
            locale: StaffLocale(rawValue: try row.decode(String.self, offset + 4)) ?? .ru,
            telegramUserID: try row.decode(Int64?.self, offset + 5), disabled: try row.decode(Bool.self, offset + 6),
            createdAt: try row.decode(Date.self, offset + 7))
    }
}

/// A person's role in one tenant.
public struct StaffMembership: Sendable, Equatable {
    public var tenantID: Int64
    public var tenantSlug: String
    public var tenantTitle: String
    public var personID: Int64
    public var role: StaffRole
}

/// Display names: trimmed, 1–100 characters, no control characters.
enum DisplayName {
    static func validate(_ raw: String) throws(StaffAccountError) -> String {
        let name = raw.trimmingWhitespace()
        guard (1...100).contains(name.count),
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidDisplayName }
        return name
    }
}
