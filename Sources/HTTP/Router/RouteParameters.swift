/// Values captured from `{name}` and `{name...}` segments of a route pattern (percent-decoded).
public struct RouteParameters: Sendable {
    private var values: [(name: String, value: String)]

    public init(_ values: [String: String] = [:]) {
        self.values = values.map { (name: $0.key, value: $0.value) }
    }

    init(pairs: [(name: String, value: String)]) {
        self.values = pairs
    }

    /// The captured value, or nil when the pattern has no such parameter.
    public subscript(name: String) -> String? {
        for entry in values where entry.name == name { return entry.value }
        return nil
    }

    /// Parameter names in pattern order.
    public var names: [String] { values.map(\.name) }
}
