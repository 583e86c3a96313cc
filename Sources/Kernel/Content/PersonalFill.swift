import TesseraJSON

/// The caller's own part of a live screen whose shared part is cached (`SharedFill`): the mini app
/// paints the shared screen at once and then asks `GET /api/v1/{tenant}/screens/{section}/mine`
/// for this, so the screen everybody opens first never waits for a per-caller query.
///
/// The shared screen marks where the parts go with `{"type": "slot", "id": …}` components; `slots`
/// holds each slot's components (a slot missing here stays empty). `items` changes fields of the
/// shared screen's cards, by card id (`event-3` → `{"badge": "✓ Registered"}`); only `badge` is
/// read by the mini app.
public struct PersonalFill: Sendable, Equatable {
    public var slots: [String: [JSONValue]]
    public var items: [String: JSONObject]

    public init(slots: [String: [JSONValue]] = [:], items: [String: JSONObject] = [:]) {
        self.slots = slots
        self.items = items
    }

    /// A slot component: where `slots[id]` goes on the shared screen.
    public static func slot(_ id: String) -> JSONValue { ["type": "slot", "id": .string(id)] }

    public var json: JSONValue {
        [
            "slots": .object(JSONObject(slots.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.array($0.value)) })),
            "items": .object(JSONObject(items.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.object($0.value)) })),
        ]
    }
}

extension PersonalFill {
    /// `components` of a shared fill with this part put in: each slot replaced by its components,
    /// the cards' fields changed. What a request that cannot use the cache is answered with.
    public func expanded(_ components: [JSONValue]) -> [JSONValue] {
        components.flatMap { component -> [JSONValue] in
            guard case .object(var object) = component else { return [component] }
            if object["type"]?.stringValue == "slot" { return slots[object["id"]?.stringValue ?? ""] ?? [] }
            guard !items.isEmpty, object["type"]?.stringValue == "card_list", let list = object["items"]?.arrayValue else { return [component] }
            object["items"] = .array(
                list.map { item in
                    guard case .object(var card) = item, let id = card["id"]?.stringValue, let change = items[id] else { return item }
                    for (key, value) in change { card[key] = value }
                    return .object(card)
                })
            return [.object(object)]
        }
    }
}
