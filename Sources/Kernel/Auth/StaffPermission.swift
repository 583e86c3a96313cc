/// What a staff route does, for the role table.
public enum StaffAccess: String, Sendable, CaseIterable {
    /// View records and lists.
    case read
    /// Bulk export (CSV) of what `read` shows.
    case export
    /// Create and change records.
    case write
    /// Delete records.
    case delete
    /// Move money or points: refunds, balance and points adjustments.
    case money
}

/// Which part of the business a staff route touches.
public enum StaffDomain: String, Sendable, CaseIterable {
    /// News, events, the catalogue, quests.
    case content
    /// Orders and event registrations (tickets).
    case orders
    /// Payments, balances and points.
    case finance
    /// Participants, contacts, the ban list.
    case people
    /// Conversations with participants.
    case dialogs
    /// Staff accounts and their roles.
    case staff
    /// The audit log of staff writes.
    case audit
    /// Background jobs.
    case jobs
}

/// What a staff route needs: an access to a domain (`.read(.content)`, `.money(.finance)`).
public struct StaffPermission: Sendable, Hashable, CustomStringConvertible {
    public var access: StaffAccess
    public var domain: StaffDomain

    public init(_ access: StaffAccess, _ domain: StaffDomain) {
        self.access = access
        self.domain = domain
    }

    public static func read(_ domain: StaffDomain) -> StaffPermission { StaffPermission(.read, domain) }
    public static func export(_ domain: StaffDomain) -> StaffPermission { StaffPermission(.export, domain) }
    public static func write(_ domain: StaffDomain) -> StaffPermission { StaffPermission(.write, domain) }
    public static func delete(_ domain: StaffDomain) -> StaffPermission { StaffPermission(.delete, domain) }
    public static func money(_ domain: StaffDomain) -> StaffPermission { StaffPermission(.money, domain) }

    public var description: String { "\(access.rawValue) \(domain.rawValue)" }

    /// For error messages: "delete content", "move money or points in orders".
    public var phrase: String {
        switch access {
        case .read: "read \(domain.rawValue)"
        case .export: "export \(domain.rawValue)"
        case .write: "change \(domain.rawValue)"
        case .delete: "delete \(domain.rawValue)"
        case .money: "move money or points in \(domain.rawValue)"
        }
    }
}

extension StaffRole {
    /// The role table (docs/back-office.md):
    /// - owner: everything;
    /// - manager: everything but deleting, moving money or points, managing staff and the audit log;
    /// - support: participants, contacts, the ban list and dialogs (read and write), orders (read);
    /// - analyst: reads and exports everywhere but staff accounts and the audit log.
    public func allows(_ permission: StaffPermission) -> Bool {
        switch self {
        case .owner:
            return true
        case .manager:
            switch permission.domain {
            case .audit: return false
            case .staff: return permission.access == .read
            default: return [.read, .export, .write].contains(permission.access)
            }
        case .support:
            switch permission.domain {
            case .people, .dialogs: return [.read, .write].contains(permission.access)
            case .orders: return permission.access == .read
            default: return false
            }
        case .analyst:
            return ![.staff, .audit].contains(permission.domain) && [.read, .export].contains(permission.access)
        }
    }
}
