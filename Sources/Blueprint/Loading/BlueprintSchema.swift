/// The blueprint format's vocabulary as the loader enforces it: the keys each kind of object may
/// hold and the values each enumeration accepts.
///
/// The names match the `$defs` of docs/blueprint.schema.json (the root object is `blueprint`), and a
/// test compares both in each direction so the schema, the docs and the loader cannot drift apart.
public enum BlueprintSchema {
    /// Keys an object kind accepts, in canonical order, and which of them are required.
    public struct ObjectSpec: Sendable, Equatable {
        /// Every accepted key, in the order the canonical form writes them.
        public let keys: [String]
        /// The keys that must be present.
        public let required: Set<String>

        init(_ keys: [String], required: Set<String> = []) {
            self.keys = keys
            self.required = required
        }
    }

    /// Object kinds by schema name.
    public static let objects: [String: ObjectSpec] = [
        "blueprint": ObjectSpec(["$schema", "version", "app", "navigation", "sections", "contact_fields", "bot"], required: ["version", "app", "navigation", "sections"]),
        "app": ObjectSpec(["name", "default_locale", "locales", "description", "theme"], required: ["name", "default_locale", "theme"]),
        "theme": ObjectSpec(["accent", "accent_dark"], required: ["accent"]),
        "navigation": ObjectSpec(["style", "items"], required: ["items"]),
        "navigation_item": ObjectSpec(["section", "title", "icon"], required: ["section"]),
        "section": ObjectSpec(["id", "type", "title", "icon", "visible_if", "intro", "actions", "settings"], required: ["id", "type", "title"]),
        "visible_if": ObjectSpec(["tags_any", "tags_all", "tags_none", "from", "until", "locales"]),
        "button": ObjectSpec(["text", "style", "kind", "section", "url"], required: ["text", "kind"]),
        "category": ObjectSpec(["id", "title"], required: ["id", "title"]),
        "news_settings": ObjectSpec(["page_size", "categories", "show_views", "layout"]),
        "events_settings": ObjectSpec(["registration", "capacity_default", "waitlist", "paid_tickets", "ticket_price_default", "show_past"]),
        "registration": ObjectSpec(["enabled", "requires_fields"]),
        "shop_settings": ObjectSpec(["currency", "categories", "products", "layout", "cart", "checkout_button"]),
        "product": ObjectSpec(["id", "title", "description", "price", "category", "image"], required: ["id", "title", "price"]),
        "ratings_settings": ObjectSpec(["boards", "show_neighbours"], required: ["boards"]),
        "board": ObjectSpec(["id", "title", "source", "periods"], required: ["id", "title", "source"]),
        "gamefi_settings": ObjectSpec(["points_name", "quests", "referral_reward", "tap"], required: ["points_name"]),
        "quest": ObjectSpec(["id", "title", "kind", "reward", "section", "channel", "count", "streak_bonus"], required: ["id", "kind", "reward"]),
        "contact_field": ObjectSpec(["id", "label", "type", "required", "choices"], required: ["id", "label", "type"]),
        "contact_choice": ObjectSpec(["id", "label"], required: ["id", "label"]),
        "bot": ObjectSpec(["welcome", "welcome_button", "menu_button", "description", "short_description", "commands"]),
        "bot_command": ObjectSpec(["command", "description"], required: ["command", "description"]),
        "tap": ObjectSpec(["enabled", "energy_max", "energy_regen_per_minute", "max_taps_per_second", "points_per_tap"]),
    ]

    /// Enumerations by schema name.
    public static let enums: [String: [String]] = [
        "section_type": SectionType.allCases.map(\.rawValue),
        "navigation_style": NavigationStyle.allCases.map(\.rawValue),
        "button_style": ButtonStyle.allCases.map(\.rawValue),
        "button_kind": ButtonTargetKind.allCases.map(\.rawValue),
        "news_layout": NewsLayout.allCases.map(\.rawValue),
        "shop_layout": ShopLayout.allCases.map(\.rawValue),
        "currency": [ShopSettings.stars],
        "registration_field": RegistrationField.allCases.map(\.rawValue),
        "board_source": BoardSource.allCases.map(\.rawValue),
        "rating_period": RatingPeriod.allCases.map(\.rawValue),
        "quest_kind": QuestKindName.allCases.map(\.rawValue),
        "contact_field_type": ContactFieldType.allCases.map(\.rawValue),
        "icon": IconSet.names,
    ]

    /// The settings object kind of each section type.
    public static func settingsKind(of type: SectionType) -> String {
        "\(type.rawValue)_settings"
    }

    /// Quest parameters each quest kind accepts (others are errors), the first being required
    /// unless the kind is `daily_checkin`.
    static let questParameters: [QuestKindName: [String]] = [
        .dailyCheckin: ["streak_bonus"],
        .openSection: ["section"],
        .subscribeChannel: ["channel"],
        .inviteFriends: ["count"],
        .purchases: ["count"],
    ]

    static func spec(_ kind: String) -> ObjectSpec {
        guard let spec = objects[kind] else { preconditionFailure("no object spec named \(kind)") }
        return spec
    }
}
