import TesseraJSON

/// The mini app's icon set: line icons on a 24×24 grid, drawn as one stroked SVG path each.
///
/// The one list of icon names: the blueprint validator accepts exactly these (with did-you-mean),
/// the server hands the paths to the mini app as `icon-set.js`, and the JSON Schema and
/// docs/blueprints.md list them (tests keep both in step).
public enum IconSet {
    /// Icon name → SVG path data, sorted by name.
    public static let paths: [(name: String, path: String)] = [
        ("alert", "M12 3.5L22 20H2zM12 10v4.5M12 17.5h.01"),
        ("back", "M15 18l-6-6 6-6"),
        ("bag", "M5 8h14l-1 12H6zM9 8V6.5a3 3 0 0 1 6 0V8"),
        ("bell", "M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0"),
        ("book", "M4 5a2 2 0 0 1 2-2h13v15H6a2 2 0 0 0-2 2zM4 20a2 2 0 0 0 2 2h13v-4M8 7h7"),
        ("calendar", "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5"),
        ("camera", "M4 8h3l2-3h6l2 3h3v11H4zM12 17a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z"),
        ("cart", "M3 4h2l2.4 10.5h10.2L20 7H6.2M9 19.5h.01M17 19.5h.01"),
        ("chart", "M5 20V11M11 20V5M17 20v-7M3 20h18"),
        ("chat", "M4 5h16v11H9l-5 4zM8 9.5h8M8 12.5h5"),
        ("chevron", "M9 18l6-6-6-6"),
        ("clock", "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3.5 2"),
        ("cloud", "M7 18h10a4 4 0 0 0 .5-8A6 6 0 0 0 6 9.5 4.3 4.3 0 0 0 7 18zM4 4l16 16"),
        ("coffee", "M4 9h13v5a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5zM17 10h1.5a2.5 2.5 0 0 1 0 5H17M8 3v3M12 3v3"),
        ("crown", "M3 8l4.5 4L12 5l4.5 7L21 8l-2 11H5zM5 19h14"),
        ("cup", "M5 8h12v6a5 5 0 0 1-5 5h-2a5 5 0 0 1-5-5zM17 9.5h1.5a2.5 2.5 0 0 1 0 5H17M4 21h15"),
        ("dot", "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"),
        ("fire", "M12 3c1 4 5 5.5 5 10.5a5 5 0 0 1-10 0c0-2.5 1.5-4 2.5-5 .3 1.8 1.2 2.8 2.2 3.3C11.3 9 11 6 12 3z"),
        ("flower", "M12 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM12 9.5C10 6 10.5 3 12 3s2 3 0 6.5M14.5 12c3.5-2 6.5-1.5 6.5 0s-3 2-6.5 0M12 14.5c2 3.5 1.5 6.5 0 6.5s-2-3 0-6.5M9.5 12C6 14 3 13.5 3 12s3-2 6.5 0"),
        ("gamepad", "M6 8h12a4 4 0 0 1 4 4v2a3 3 0 0 1-5.4 1.8L15 14H9l-1.6 1.8A3 3 0 0 1 2 14v-2a4 4 0 0 1 4-4zM7 10v4M5 12h4M15.5 11h.01M18 13h.01"),
        ("gift", "M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7C11 4 7 3 7 5.5S10 7 12 7zM12 7c1-3 5-4 5-1.5S14 7 12 7z"),
        ("globe", "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9M12 3C9.5 5.5 8.5 8.5 8.5 12s1 6.5 3.5 9"),
        ("heart", "M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z"),
        ("home", "M3 11l9-8 9 8M5 9.5V20h5v-6h4v6h5V9.5"),
        ("inbox", "M3 13h5l1.5 3h5L16 13h5M5.5 5h13L21 13v6H3v-6z"),
        ("info", "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5h.01"),
        ("leaf", "M5 19C5 10 10 5 20 4c0 10-5 15-13 15zM5 19l8-8"),
        ("list", "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01"),
        ("lock", "M6 11h12v10H6zM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11"),
        ("map-pin", "M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z"),
        ("music", "M9 18V6l11-2v12M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z"),
        ("newspaper", "M4 5h13v14H6a2 2 0 0 1-2-2zM17 9h3v8a2 2 0 0 1-2 2M7 9h7M7 12.5h7M7 16h4"),
        ("phone", "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z"),
        ("plane", "M21 4L3 11l6 2.2L11 20l3.3-4.2L19 19zM9 13.2L18 7"),
        ("search", "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4"),
        ("settings", "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1"),
        ("sparkles", "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z"),
        ("star", "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"),
        ("tag", "M3 12V4h8l10 10-8 8zM7.5 8.5h.01"),
        ("ticket", "M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4zM14 6v2M14 11v2M14 16v2"),
        ("trophy", "M8 4h8v5a4 4 0 0 1-8 0zM8 6H5a3 3 0 0 0 3 4M16 6h3a3 3 0 0 1-3 4M12 13v4M8 20h8M10 17h4v3h-4z"),
        ("user", "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0"),
        ("users", "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20a6.5 6.5 0 0 1 13 0M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14a6.5 6.5 0 0 1 3.5 6"),
    ]

    /// Other names blueprints may use for an icon (`news` → `newspaper`).
    public static let aliases: [String: String] = [
        "about": "info", "account": "user", "analytics": "chart", "article": "newspaper", "award": "trophy",
        "basket": "cart", "blog": "book", "bonus": "gift", "cafe": "coffee", "catalog": "bag", "coffee-cup": "cup",
        "community": "users", "contact": "phone", "empty": "inbox", "event": "calendar", "events": "calendar",
        "explore": "search", "favorites": "heart", "feed": "newspaper", "food": "coffee", "game": "gamepad",
        "gamefi": "gamepad", "games": "gamepad", "help": "info", "hot": "fire", "leaderboard": "trophy",
        "like": "heart", "location": "map-pin", "medal": "trophy", "menu": "list", "message": "chat",
        "messages": "chat", "nature": "leaf", "new": "sparkles", "news": "newspaper", "notifications": "bell",
        "person": "user", "photo": "camera", "place": "map-pin", "posts": "newspaper", "premium": "crown",
        "price": "tag", "profile": "user", "quest": "gamepad", "quests": "gamepad", "rating": "trophy",
        "ratings": "trophy", "reward": "gift", "rewards": "gift", "sale": "tag", "schedule": "calendar", "shop": "bag",
        "shopping": "bag", "shopping-bag": "bag", "stats": "chart", "store": "bag", "team": "users",
        "tickets": "ticket", "time": "clock", "vip": "crown", "world": "globe", "yoga": "flower",
    ]

    private static let pathByName = Dictionary(uniqueKeysWithValues: paths.map { ($0.name, $0.path) })

    /// Every name a blueprint may write: the icons and their aliases, sorted.
    public static let names: [String] = (paths.map(\.name) + aliases.keys).sorted()

    /// The icon `name` draws (itself or the icon it is an alias of), `nil` for a name not in the set.
    public static func icon(named name: String) -> String? {
        if pathByName[name] != nil { return name }
        return aliases[name]
    }

    /// The SVG path (24×24 viewBox) of the icon `name` draws, `nil` for a name not in the set.
    public static func path(named name: String) -> String? {
        icon(named: name).flatMap { pathByName[$0] }
    }

    /// The set as the mini app reads it: `{"paths": {name: path}, "aliases": {alias: name}}`.
    public static var json: JSONValue {
        [
            "paths": .object(JSONObject(paths.map { ($0.name, JSONValue.string($0.path)) })),
            "aliases": .object(JSONObject(aliases.keys.sorted().map { ($0, JSONValue.string(aliases[$0]!)) })),
        ]
    }
}
