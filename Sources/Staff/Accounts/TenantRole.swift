/// A staff person's role in one tenant. `owner` runs the tenant (staff, settings, billing);
/// `manager` runs content, shop and events; `support` answers dialogs and sees participants;
/// `analyst` reads statistics only. A tenant always keeps at least one owner.
public enum TenantRole: String, Sendable, CaseIterable, Equatable {
    case owner, manager, support, analyst

    /// The roles as the CLI and error messages list them.
    public static let names = allCases.map(\.rawValue)
}

/// The language a person's back office speaks.
public enum StaffLocale: String, Sendable, CaseIterable, Equatable {
    case ru, en
}
