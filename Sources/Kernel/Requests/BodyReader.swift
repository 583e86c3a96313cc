import Foundation
import Blueprint
import HTTP
import TesseraJSON

/// Reads a JSON object body field by field, collecting every problem so a 422 lists them all.
/// A key that is present with `null` is distinct from an absent one (PATCH clears with null).
public struct BodyReader {
    public let object: JSONObject
    public private(set) var problems: [FieldProblem] = []
    private let allowed: Set<String>

    /// Parses `request.body`; an empty body is an empty object, unless `patch` says the body must
    /// name at least one field (a PATCH without one would change nothing and answer as if it had).
    public init(_ request: HTTPRequest, allowed: [String], patch: Bool = false) throws(AreaError) {
        self.allowed = Set(allowed)
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            object = JSONObject()
        } else {
            let value: JSONValue
            do { value = try JSONParser.parse(request.body) } catch { throw .malformed(error) }
            guard case .object(let object) = value else { throw .invalid("body", "expected a JSON object") }
            self.object = object
        }
        for key in object.keys where !self.allowed.contains(key) {
            let expected = allowed.isEmpty ? "this route takes no body" : "expected one of \(allowed.joined(separator: ", "))"
            problems.append(FieldProblem(key, "unknown field; \(expected)"))
        }
        if patch && object.isEmpty {
            let fields = allowed.joined(separator: ", ")
            problems.append(FieldProblem("body", "expected a JSON object with at least one of \(fields)"))
        }
    }

    /// For a route that takes no body: nothing, or an empty JSON object. Anything else is refused
    /// (400/422 naming each field) rather than ignored, so a client never believes a field it
    /// sent was taken.
    public static func requireNone(_ request: HTTPRequest) throws(AreaError) {
        try BodyReader(request, allowed: []).finish()
    }

    public func has(_ key: String) -> Bool { object[key] != nil }
    public func isNull(_ key: String) -> Bool { object[key]?.isNull ?? false }

    public mutating func fail(_ field: String, _ message: String) { problems.append(FieldProblem(field, message)) }

    /// A string of 1…`max` characters after trimming (or 0… when `allowEmpty`); nil when absent or null.
    public mutating func string(_ key: String, max: Int, allowEmpty: Bool = false) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let raw) = value else {
            fail(key, "expected a string")
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && !allowEmpty {
            fail(key, "must not be empty")
            return nil
        }
        if text.count > max {
            fail(key, "must be at most \(max) characters (got \(text.count))")
            return nil
        }
        return text
    }

    /// A string exactly as sent (no trimming: passwords), at most `maxBytes` UTF-8 bytes; nil when absent or null.
    public mutating func rawString(_ key: String, maxBytes: Int) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let raw) = value else {
            fail(key, "expected a string")
            return nil
        }
        guard raw.utf8.count <= maxBytes else {
            fail(key, "must be at most \(maxBytes) bytes")
            return nil
        }
        return raw
    }

    /// Records "required" for `key` when `value` is nil and the key was not already refused.
    public mutating func require<T>(_ key: String, _ value: T?) -> T? {
        if value == nil && !problems.contains(where: { $0.field == key }) { fail(key, "required") }
        return value
    }

    public mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .bool(let b) = value else {
            fail(key, "expected true or false")
            return nil
        }
        return b
    }

    public mutating func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.integerValue, range.contains(Int(n)) else {
            fail(key, "expected an integer from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Int(n)
    }

    public mutating func instant(_ key: String) -> Date? {
        guard let text = string(key, max: 40) else { return nil }
        guard let date = Instant.parse(text) else {
            fail(key, "expected \(Instant.expected)")
            return nil
        }
        return date
    }

    /// An absolute `https://`/`http://` (or, with `telegram`, `tg://`) URL of at most 2,000 characters.
    public mutating func url(_ key: String, telegram: Bool = false) -> String? {
        guard let text = string(key, max: 2_000) else { return nil }
        guard URLRules.isAllowed(text, telegram: telegram), !text.contains(where: { $0.isWhitespace }) else {
            fail(key, "expected an absolute https:// or http:// URL\(telegram ? " (or tg://)" : "")")
            return nil
        }
        return text
    }

    /// A picture: an absolute URL, or one shipped with Tessera (`/media/<file>`, `MediaPath`).
    public mutating func imageURL(_ key: String) -> String? {
        if let text = object[key]?.stringValue, text.hasPrefix(MediaPath.prefix) {
            guard MediaPath.isValid(text) else {
                fail(key, "expected an absolute https:// or http:// URL or /media/<file>")
                return nil
            }
            return string(key, max: 200)
        }
        return url(key)
    }

    public mutating func stringArray(_ key: String, maxCount: Int) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .array(let items) = value, items.count <= maxCount else {
            fail(key, "expected an array of at most \(maxCount) strings")
            return nil
        }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else {
                fail(key, "expected an array of strings")
                return nil
            }
            if !out.contains(s) { out.append(s) }
        }
        return out
    }

    public func finish() throws(AreaError) {
        if !problems.isEmpty { throw .validation(problems) }
    }
}

/// Which link schemes content may carry.
public enum URLRules {
    public static func isAllowed(_ url: String, telegram: Bool) -> Bool {
        let lower = url.lowercased()
        for scheme in telegram ? ["https://", "http://", "tg://"] : ["https://", "http://"] where lower.hasPrefix(scheme) {
            return lower.count > scheme.count
        }
        return false
    }
}
