import Blueprint
import Kernel
import Tenancy

/// Which back-office screens a role sees in a tenant: those its blueprint has and the role table allows.
enum OfficeScreens {
    static func allowed(_ role: StaffRole, tenant: LiveTenant?) -> [String] {
        let types = Set(tenant?.blueprint.sections.map(\.type) ?? [])
        let paidTickets = tenant?.blueprint.sections.contains { $0.eventsSettings?.paidTickets ?? false } ?? false
        let sells = types.contains(.shop) || paidTickets
        let screens: [(String, StaffPermission, Bool)] = [
            ("overview", .read(.people), true),
            ("participants", .read(.people), true),
            ("contacts", .read(.people), true),
            ("bans", .read(.people), true),
            ("dialogs", .read(.dialogs), true),
            ("news", .read(.content), types.contains(.news)),
            ("events", .read(.content), types.contains(.events)),
            ("orders", .read(.orders), sells),
            ("payments", .read(.finance), sells),
            ("ratings", .read(.content), types.contains(.ratings)),
            ("quests", .read(.content), types.contains(.gamefi)),
            ("audit", .read(.audit), true),
            ("jobs", .read(.jobs), true),
        ]
        return screens.filter { $0.2 && role.allows($0.1) }.map(\.0)
    }

    /// Every permission the role holds, as `access.domain` ("write.content", "money.orders"): the
    /// office hides the buttons and forms of the others (the server checks each call regardless).
    static func permissions(_ role: StaffRole) -> [String] {
        StaffDomain.allCases.flatMap { domain in
            StaffAccess.allCases.compactMap { access in
                role.allows(StaffPermission(access, domain)) ? "\(access.rawValue).\(domain.rawValue)" : nil
            }
        }
    }
}
