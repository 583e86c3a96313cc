import Foundation
import Kernel
import TesseraJSON

/// A tenant's demo content (`tenants/demo/<slug>.json`, docs/operations.md): participants with
/// points and referrals, then items per blueprint section, each under a stable key.
public struct DemoFile: Sendable {
    public var path: String
    public var tenant: String
    public var participants: [DemoItem]
    /// Section id and its items, in file order.
    public var sections: [(id: String, items: [DemoItem])]

    static let topLevel: Set<String> = ["$comment", "tenant", "participants", "sections"]

    /// Parses the file; every error names `path` and the JSON pointer of the bad field.
    public static func load(path: String) throws(DemoError) -> DemoFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DemoError("", "the demo file cannot be read", file: path)
        }
        do throws(DemoError) {
            return try parse(Array(data), path: path)
        } catch {
            var located = error
            located.file = path
            throw located
        }
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(DemoError) -> DemoFile {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw DemoError("", "not JSON: \(error)") }
        guard case .object(let object) = root else { throw DemoError("", "expected an object") }
        for (key, _) in object where !topLevel.contains(key) {
            throw DemoError("/" + key, "unknown field (expected tenant, participants, sections)")
        }
        guard let tenant = object["tenant"]?.stringValue else { throw DemoError("/tenant", "required: the tenant's slug") }
        var participants: [DemoItem] = []
        for (i, value) in (object["participants"]?.arrayValue ?? []).enumerated() {
            participants.append(try DemoItem(value, pointer: "/participants/\(i)"))
        }
        try requireUniqueKeys(participants, "/participants")
        var sections: [(id: String, items: [DemoItem])] = []
        if let value = object["sections"] {
            guard case .object(let bySection) = value else { throw DemoError("/sections", "expected an object of section ids") }
            for (id, itemsValue) in bySection {
                guard let values = itemsValue.arrayValue else { throw DemoError("/sections/\(id)", "expected an array of items") }
                var items: [DemoItem] = []
                for (i, v) in values.enumerated() { items.append(try DemoItem(v, pointer: "/sections/\(id)/\(i)")) }
                try requireUniqueKeys(items, "/sections/\(id)")
                sections.append((id, items))
            }
        }
        return DemoFile(path: path, tenant: tenant, participants: participants, sections: sections)
    }

    static func requireUniqueKeys(_ items: [DemoItem], _ pointer: String) throws(DemoError) {
        var seen: Set<String> = []
        for item in items where !seen.insert(item.key).inserted {
            throw DemoError(item.pointer + "/key", "the key \"\(item.key)\" is used twice in \(pointer)")
        }
    }
}
