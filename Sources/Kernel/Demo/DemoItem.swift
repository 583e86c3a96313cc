import Foundation
import TesseraJSON

/// One item of a demo file (a post, an event, a participant): its stable key and fields, read
/// with errors that name the file and the JSON pointer of the bad field.
public struct DemoItem: Sendable {
    /// The stable demo key: seeding finds it in `demo_items` and writes nothing the second time.
    public var key: String
    public var fields: JSONObject
    /// Where the item sits in its file (`/sections/news/0`).
    public var pointer: String

    public init(key: String, fields: JSONObject, pointer: String) {
        self.key = key
        self.fields = fields
        self.pointer = pointer
    }

    /// Reads an item object: it must carry a `key` that `demo_items` accepts.
    public init(_ value: JSONValue, pointer: String) throws(DemoError) {
        guard case .object(let fields) = value else { throw DemoError(pointer, "expected an object") }
        guard let key = fields["key"]?.stringValue else { throw DemoError(pointer + "/key", "required: a stable demo key") }
        guard Self.isKey(key) else {
            throw DemoError(pointer + "/key", "\"\(key)\" is not a demo key (lowercase letters, digits, . _ -; at most 80)")
        }
        self.init(key: key, fields: fields, pointer: pointer)
    }

    static func isKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard (1...80).contains(bytes.count), let first = bytes.first, isLowerOrDigit(first) else { return false }
        return bytes.allSatisfy { isLowerOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLowerOrDigit(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }

    /// A required string of at most `max` characters.
    public func string(_ name: String, max: Int = 200) throws(DemoError) -> String {
        guard let text = try optionalString(name, max: max) else { throw DemoError(pointer + "/" + name, "required") }
        return text
    }

    public func optionalString(_ name: String, max: Int = 200) throws(DemoError) -> String? {
        guard let value = fields[name], !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty, text.count <= max else {
            throw DemoError(pointer + "/" + name, "expected a non-empty string of at most \(max) characters")
        }
        return text
    }

    public func optionalInt(_ name: String, _ range: ClosedRange<Int64>) throws(DemoError) -> Int64? {
        guard let value = fields[name], !value.isNull else { return nil }
        guard let n = value.integerValue, range.contains(n) else {
            throw DemoError(pointer + "/" + name, "expected an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    public func bool(_ name: String) throws(DemoError) -> Bool {
        guard let value = fields[name], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw DemoError(pointer + "/" + name, "expected true or false") }
        return flag
    }

    public func strings(_ name: String) throws(DemoError) -> [String] {
        guard let value = fields[name], !value.isNull else { return [] }
        guard let items = value.arrayValue, let texts = Optional(items.compactMap(\.stringValue)), texts.count == items.count
        else { throw DemoError(pointer + "/" + name, "expected an array of strings") }
        return texts
    }

    /// An instant given relative to the seed: `item[days]` days from now (negative for the past),
    /// at `item[time]` (`HH:MM` UTC) when given, so a demo seeded on any day has upcoming and past items.
    public func relativeDate(days name: String, time timeName: String, now: Date) throws(DemoError) -> Date? {
        guard let days = try optionalInt(name, -3_650...3_650) else { return nil }
        guard let time = try optionalString(timeName, max: 5) else { return now.addingTimeInterval(TimeInterval(days) * 86_400) }
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
            throw DemoError(pointer + "/" + timeName, "expected a UTC time as HH:MM")
        }
        let midnight = (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return Date(timeIntervalSince1970: midnight + TimeInterval(days) * 86_400 + TimeInterval(parts[0] * 3600 + parts[1] * 60))
    }
}

/// A demo file that cannot be seeded: what is wrong and where (`file: /pointer: message`).
public struct DemoError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var pointer: String
    public var message: String

    public init(_ pointer: String, _ message: String, file: String = "") {
        self.pointer = pointer
        self.message = message
        self.file = file
    }

    public var description: String { (file.isEmpty ? "" : file + ": ") + (pointer.isEmpty ? "" : pointer + ": ") + message }
}
