import Foundation
import TesseraJSON

/// Parses and validates the body of `POST /api/v1/{tenant}/events`:
/// `{"events": [{"kind": "screen_view", "screen": "menu", "target": null, "at": 1764072000123, "props": {…}}]}`
/// (`at` in Unix milliseconds). The whole batch is rejected on the first invalid event, naming it.
public enum NavigationBatch {
    public static let maxEvents = 100
    public static let maxPropertiesBytes = 1_024
    /// Client clocks drift; events older than this or further in the future are refused.
    public static let maxAge: TimeInterval = 7 * 86_400
    public static let maxSkew: TimeInterval = 300

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    public static func parse(_ body: [UInt8], now: Date) throws(Problem) -> [NavigationEvent] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw Problem(field: "body", message: "invalid JSON at \(error.line):\(error.column): \(error.message)")
        }
        guard case .object(let root) = value, case .array(let items)? = root["events"] else {
            throw Problem(field: "events", message: "expected {\"events\": [ … ]}")
        }
        guard !items.isEmpty, items.count <= maxEvents else {
            throw Problem(field: "events", message: "expected 1 to \(maxEvents) events, got \(items.count)")
        }
        var events: [NavigationEvent] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            events.append(try event(item, at: "events[\(index)]", now: now))
        }
        return events
    }

    static func event(_ item: JSONValue, at path: String, now: Date) throws(Problem) -> NavigationEvent {
        guard case .object(let object) = item else { throw Problem(field: path, message: "expected an object") }
        for key in object.keys where !["kind", "screen", "target", "at", "props"].contains(key) {
            throw Problem(field: "\(path).\(key)", message: "unknown field; expected kind, screen, target, at, props")
        }
        guard case .string(let kind)? = object["kind"], isName(kind) else {
            throw Problem(field: "\(path).kind", message: "expected a lowercase name like screen_view or action")
        }
        let screen = try optionalString(object["screen"], field: "\(path).screen", maxLength: 64)
        let target = try optionalString(object["target"], field: "\(path).target", maxLength: 128)
        guard let millis = object["at"]?.integerValue else {
            throw Problem(field: "\(path).at", message: "expected Unix time in milliseconds (an integer)")
        }
        let occurredAt = Date(timeIntervalSince1970: Double(millis) / 1_000)
        guard occurredAt.timeIntervalSince(now) <= maxSkew, now.timeIntervalSince(occurredAt) <= maxAge else {
            throw Problem(field: "\(path).at", message: "must be within the last 7 days and not in the future")
        }
        var properties: String?
        switch object["props"] {
        case nil, .null?: break
        case .object(let props)?:
            let text = JSONValue.object(props).description
            guard text.utf8.count <= maxPropertiesBytes else {
                throw Problem(field: "\(path).props", message: "at most \(maxPropertiesBytes) bytes of JSON")
            }
            properties = text
        default:
            throw Problem(field: "\(path).props", message: "expected an object")
        }
        return NavigationEvent(kind: kind, screen: screen, target: target, occurredAt: occurredAt, properties: properties)
    }

    static func optionalString(_ value: JSONValue?, field: String, maxLength: Int) throws(Problem) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            guard !s.isEmpty, s.count <= maxLength, !s.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw Problem(field: field, message: "expected 1 to \(maxLength) printable characters")
            }
            return s
        default:
            throw Problem(field: field, message: "expected a string")
        }
    }

    static func isName(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard (1...40).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
