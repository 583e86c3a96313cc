import TesseraJSON

/// Builders for the screen components and actions of the client protocol (CONTRACTS.md, "Screen
/// JSON"); each returns the component's JSON object.
enum Component {
    static func header(_ text: String, subtitle: String? = nil) -> JSONValue {
        var object: JSONObject = ["type": "header", "text": .string(text)]
        if let subtitle { object["subtitle"] = .string(subtitle) }
        return .object(object)
    }

    static func text(_ text: String, style: String = "body") -> JSONValue {
        ["type": "text", "text": .string(text), "style": .string(style)]
    }

    static func image(url: String, alt: String) -> JSONValue {
        ["type": "image", "url": .string(url), "alt": .string(alt)]
    }

    /// A list filled from `source` by the server (or from `items` declared in the blueprint).
    /// `filters` are category chips, each with the API path of the list narrowed to it; `empty`
    /// is the empty state shown while the list has no items.
    static func cardList(id: String, source: String, layout: String, items: [JSONValue] = [], pageSize: Int, filters: [CardFilter] = [], empty: JSONValue? = nil) -> JSONValue {
        var object: JSONObject = [
            "type": "card_list", "id": .string(id), "source": .string(source), "layout": .string(layout),
            "items": .array(items), "page_size": .int(Int64(pageSize)),
        ]
        if !filters.isEmpty {
            object["filters"] = .array(filters.map { ["id": .string($0.id), "title": .string($0.title), "path": .string($0.path)] })
        }
        if let empty { object["empty"] = empty }
        return .object(object)
    }

    static func item(id: String, title: String, subtitle: String? = nil, image: String? = nil, badge: String? = nil, action: JSONValue? = nil) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "title": .string(title)]
        if let subtitle { object["subtitle"] = .string(subtitle) }
        if let image { object["image"] = .string(image) }
        if let badge { object["badge"] = .string(badge) }
        if let action { object["action"] = action }
        return .object(object)
    }

    static func button(_ text: String, style: String = "secondary", action: JSONValue) -> JSONValue {
        ["type": "button", "text": .string(text), "style": .string(style), "action": action]
    }

    static func form(id: String, fields: [JSONValue], submitText: String, action: JSONValue) -> JSONValue {
        ["type": "form", "id": .string(id), "fields": .array(fields), "submit": ["text": .string(submitText), "action": action]]
    }

    static func formField(name: String, label: String, kind: String, required: Bool) -> JSONValue {
        ["name": .string(name), "label": .string(label), "kind": .string(kind), "required": .bool(required)]
    }

    /// `points_name` may be a plural form list (`bean|beans`): the client picks the form per score.
    /// How many neighbours to show is the ratings API's business (it reads the section's settings).
    static func leaderboard(board: String, title: String, period: String, periods: [String], pointsName: String) -> JSONValue {
        [
            "type": "leaderboard", "board": .string(board), "title": .string(title), "period": .string(period),
            "periods": .array(periods.map(JSONValue.string)), "points_name": .string(pointsName),
            "entries": [],
        ]
    }

    static func progress(label: String, value: Int, max: Int) -> JSONValue {
        ["type": "progress", "label": .string(label), "value": .int(Int64(value)), "max": .int(Int64(max))]
    }

    static func emptyState(title: String, text: String, icon: String) -> JSONValue {
        ["type": "empty_state", "title": .string(title), "text": .string(text), "icon": .string(icon)]
    }
}

/// A category chip of a card list: `path` answers `{"items", "next"?}` for that category.
struct CardFilter {
    var id: String
    var title: String
    var path: String
}

/// Builders for component actions.
enum Action {
    static func openScreen(_ section: String) -> JSONValue {
        ["kind": "open_screen", "screen": .string(section)]
    }

    static func openLink(_ url: String) -> JSONValue {
        ["kind": "open_link", "url": .string(url)]
    }

    /// A call to the app API; `{tenant}` (and `{event}` in event forms) are filled in by the client.
    static func api(_ method: String = "POST", section: String, _ rest: String) -> JSONValue {
        ["kind": "api", "method": .string(method), "path": .string("/api/v1/{tenant}/sections/\(section)/\(rest)")]
    }

    static func openInvoice(_ product: String) -> JSONValue {
        ["kind": "open_invoice", "product": .string(product)]
    }
}
