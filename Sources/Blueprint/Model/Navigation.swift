/// How the app's sections are reached (`"navigation"`).
public struct Navigation: Sendable, Equatable {
    /// Tab bar or menu.
    public var style: NavigationStyle
    /// Entries, in display order; each names a section.
    public var items: [NavigationItem]

    /// Telegram Mini Apps have room for this many tabs.
    public static let maxTabs = 5

    public init(style: NavigationStyle, items: [NavigationItem]) {
        self.style = style
        self.items = items
    }
}

/// The navigation presentation.
public enum NavigationStyle: String, Sendable, CaseIterable {
    /// A bottom tab bar (at most `Navigation.maxTabs` items).
    case tabs
    /// A menu screen listing every item.
    case menu
}

/// One navigation entry.
public struct NavigationItem: Sendable, Equatable {
    /// The id of the section it opens.
    public var section: String
    /// Overrides the section's title in the navigation.
    public var title: LocalizedText?
    /// Overrides the section's icon in the navigation.
    public var icon: String?

    public init(section: String, title: LocalizedText? = nil, icon: String? = nil) {
        self.section = section
        self.title = title
        self.icon = icon
    }
}
