import Foundation
import XCTest

/// The request bodies docs/openapi.json documents, per route: their fields with their schemas
/// (through `$ref` and `allOf`), and a valid body built from them. The bad-input checks derive
/// their wrong values from these, so a documented field is probed the day it is documented (and
/// OpenAPIAgreementTests keeps the documentation true to the router).
struct DocumentedBodies {
    let spec: [String: Any]

    init() throws {
        let data = try Data(contentsOf: Harness.repoRoot.appendingPathComponent("docs/openapi.json"))
        spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A documented body: its fields, the required ones, and whether it needs at least one field.
    struct Body {
        var properties: [String: [String: Any]]
        var required: Set<String>
        var minProperties: Int
    }

    /// The JSON body of `method pattern`, nil when it documents none.
    func body(_ method: String, _ pattern: String) -> Body? {
        let paths = spec["paths"] as? [String: Any]
        let operation = (paths?[pattern] as? [String: Any])?[method.lowercased()] as? [String: Any]
        let content = (operation?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        guard let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else {
            return nil
        }
        var body = Body(properties: [:], required: [], minProperties: 0)
        merge(schema, into: &body)
        return body
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = spec
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node as? [String: Any] ?? [:])
    }

    private func merge(_ raw: [String: Any], into body: inout Body) {
        let schema = resolve(raw)
        for (name, property) in schema["properties"] as? [String: [String: Any]] ?? [:] { body.properties[name] = property }
        body.required.formUnion(schema["required"] as? [String] ?? [])
        body.minProperties = max(body.minProperties, schema["minProperties"] as? Int ?? 0)
        for part in schema["allOf"] as? [[String: Any]] ?? [] { merge(part, into: &body) }
    }

    /// The first non-null JSON type of a field (`enum` for enumerations).
    static func type(_ property: [String: Any]) -> String {
        if property["enum"] != nil { return "enum" }
        if let one = property["type"] as? String { return one }
        return (property["type"] as? [String])?.first { $0 != "null" } ?? "string"
    }

    /// A value the field's schema accepts; nil for objects and arrays (left out of valid bodies).
    static func validValue(_ property: [String: Any]) -> Any? {
        switch type(property) {
        case "enum": return (property["enum"] as? [Any])?.first
        case "boolean": return true
        case "integer":
            let minimum = property["minimum"] as? Int ?? 1
            return max(1, minimum)
        case "string":
            if property["format"] as? String == "date-time" {
                return ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 86_400))
            }
            let pattern = property["pattern"] as? String ?? ""
            if pattern.hasPrefix("^(me|") { return "me" }
            if pattern.hasPrefix("^[a-z]") { return "probe" }
            if pattern.hasPrefix("^[A-Za-z0-9") { return "probe-1" }
            return "Probe text"
        default: return nil
        }
    }

    /// A body the route accepts: the required fields, `text` (a message needs it), and for a
    /// PATCH one field; `section` is left out (the server picks it when there is one).
    func validBody(_ method: String, _ pattern: String) -> [String: Any] {
        guard let body = body(method, pattern) else { return [:] }
        var names = body.required
        if body.properties["text"] != nil { names.insert("text") }
        if body.minProperties > 0, names.isEmpty {
            let preferred = ["title", "state", "paused", "locale", "reason"].first { body.properties[$0] != nil }
            if let first = preferred ?? body.properties.keys.sorted().first { names.insert(first) }
        }
        var out: [String: Any] = [:]
        for name in names where name != "section" {
            if let property = body.properties[name], let value = Self.validValue(property) { out[name] = value }
        }
        return out
    }
}
