/// The language a person's back office speaks.
public enum StaffLocale: String, Sendable, CaseIterable, Equatable {
    case ru, en
}
