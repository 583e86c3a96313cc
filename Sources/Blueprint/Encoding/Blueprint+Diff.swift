import TesseraJSON

extension Blueprint {
    /// Human-readable changes from `old` to `new`, one line each, in document order:
    /// `~ /sections/0/settings/page_size: 10 → 20` (changed), `+ /sections/3 (gamefi "quests")`
    /// (added), `- /sections/1/settings/categories/0 ("tips")` (removed),
    /// `~ /sections order: news, shop → shop, news` (reordered).
    ///
    /// Both sides are compared in canonical form, so spelling out a default is not a change; arrays of
    /// objects with an `id` are matched by id (an insertion does not shift every later element).
    public static func diff(from old: Blueprint, to new: Blueprint) -> [String] {
        var lines: [String] = []
        BlueprintDiffer.compare(old.jsonValue, new.jsonValue, at: .root, into: &lines)
        return lines
    }
}

enum BlueprintDiffer {
    static func compare(_ old: JSONValue, _ new: JSONValue, at pointer: JSONPointer, into lines: inout [String]) {
        switch (old, new) {
        case (.object(let before), .object(let after)):
            for (key, value) in before where after[key] == nil {
                lines.append("- \(pointer.appending(key)): \(summary(value))")
            }
            for (key, value) in after {
                if let previous = before[key] {
                    compare(previous, value, at: pointer.appending(key), into: &lines)
                } else {
                    lines.append("+ \(pointer.appending(key)): \(summary(value))")
                }
            }
        case (.array(let before), .array(let after)):
            if let beforeIDs = ids(before), let afterIDs = ids(after) {
                compareByID(before, beforeIDs, after, afterIDs, at: pointer, into: &lines)
            } else {
                for index in 0..<max(before.count, after.count) {
                    let element = pointer.appending(index)
                    if index >= after.count {
                        lines.append("- \(entry(element, before[index]))")
                    } else if index >= before.count {
                        lines.append("+ \(entry(element, after[index]))")
                    } else {
                        compare(before[index], after[index], at: element, into: &lines)
                    }
                }
            }
        default:
            if old != new { lines.append("~ \(pointer): \(summary(old)) → \(summary(new))") }
        }
    }

    static func compareByID(_ before: [JSONValue], _ beforeIDs: [String], _ after: [JSONValue], _ afterIDs: [String], at pointer: JSONPointer, into lines: inout [String]) {
        for (index, id) in beforeIDs.enumerated() where !afterIDs.contains(id) {
            lines.append("- \(entry(pointer.appending(index), before[index]))")
        }
        let common = afterIDs.filter(beforeIDs.contains)
        if common != beforeIDs.filter(afterIDs.contains) {
            lines.append("~ \(pointer) order: \(beforeIDs.filter(afterIDs.contains).joined(separator: ", ")) → \(common.joined(separator: ", "))")
        }
        for (index, id) in afterIDs.enumerated() {
            if let oldIndex = beforeIDs.firstIndex(of: id) {
                compare(before[oldIndex], after[index], at: pointer.appending(index), into: &lines)
            } else {
                lines.append("+ \(entry(pointer.appending(index), after[index]))")
            }
        }
    }

    /// The `id`s of an array of objects, if every element has a distinct string `id`.
    static func ids(_ elements: [JSONValue]) -> [String]? {
        guard !elements.isEmpty else { return nil }
        var result: [String] = []
        for element in elements {
            guard let id = element["id"]?.stringValue, !result.contains(id) else { return nil }
            result.append(id)
        }
        return result
    }

    /// `/p (gamefi "quests")` for typed objects with ids, `/p ("tips")` for objects with ids,
    /// else `/p: <value>`.
    static func entry(_ pointer: JSONPointer, _ value: JSONValue) -> String {
        if let id = value["id"]?.stringValue {
            if let type = value["type"]?.stringValue ?? value["kind"]?.stringValue { return "\(pointer) (\(type) \"\(id)\")" }
            return "\(pointer) (\"\(id)\")"
        }
        return "\(pointer): \(summary(value))"
    }

    /// Compact JSON, shortened past 80 characters.
    static func summary(_ value: JSONValue) -> String {
        let text = value.description
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }
}
