/// One screen of the app (`"sections[]"`): common fields plus typed, per-type settings.
public struct Section: Sendable, Equatable {
    /// Unique id, `^[a-z][a-z0-9-]{0,39}$`; used in URLs and navigation.
    public var id: String
    /// Screen title.
    public var title: LocalizedText
    /// Icon name (client icon set), e.g. `newspaper`.
    public var icon: String?
    /// Who sees the section, and when.
    public var visibility: Visibility
    /// Text shown at the top of the screen.
    public var intro: LocalizedText?
    /// Buttons shown at the bottom of the screen.
    public var actions: [SectionButton]
    /// The section type with its settings.
    public var kind: SectionKind

    public init(id: String, title: LocalizedText, icon: String? = nil, visibility: Visibility = Visibility(), intro: LocalizedText? = nil, actions: [SectionButton] = [], kind: SectionKind) {
        self.id = id
        self.title = title
        self.icon = icon
        self.visibility = visibility
        self.intro = intro
        self.actions = actions
        self.kind = kind
    }

    /// The section type.
    public var type: SectionType { kind.type }
}

/// The section types a blueprint can use.
public enum SectionType: String, Sendable, CaseIterable {
    case news, events, shop, ratings, gamefi
}

/// A section's type together with its typed settings.
public enum SectionKind: Sendable, Equatable {
    case news(NewsSettings)
    case events(EventsSettings)
    case shop(ShopSettings)
    case ratings(RatingsSettings)
    case gamefi(GameFiSettings)

    /// The type without settings.
    public var type: SectionType {
        switch self {
        case .news: .news
        case .events: .events
        case .shop: .shop
        case .ratings: .ratings
        case .gamefi: .gamefi
        }
    }
}

/// A localized id + title pair (news categories, shop catalogue categories).
public struct SectionCategory: Sendable, Equatable {
    /// Unique within its list, `^[a-z][a-z0-9-]{0,39}$`.
    public var id: String
    /// Display title.
    public var title: LocalizedText

    public init(id: String, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}
