import Foundation
import TesseraJSON

/// A value in the document together with where it is.
struct Field {
    let value: JSONValue
    let pointer: JSONPointer
}

/// Walks a parsed blueprint, collecting every diagnostic instead of stopping at the first.
///
/// Readers return `nil` (or the caller's default) for an invalid value after reporting it, so the
/// walk always continues; the model built on the way is discarded if anything was reported.
final class Validator {
    let document: JSONDocument
    let file: String
    private(set) var diagnostics: [BlueprintDiagnostic] = []
    private var diagnosticOffsets: [Int] = []

    /// Known once `app` has been read; `nil` disables translation-completeness checks.
    var defaultLocale: String?
    var locales: [String] = []

    /// Section references to check once every section id is known.
    var sectionReferences: [(field: Field, id: String, from: String?)] = []
    /// Every `id` written on a section, valid or not.
    var declaredSectionIDs: Set<String> = []
    /// Values that only make sense when the blueprint has a section of some type.
    var sectionTypeRequirements: [(pointer: JSONPointer, type: SectionType, message: String)] = []

    init(document: JSONDocument, file: String) {
        self.document = document
        self.file = file
    }

    // MARK: Reporting

    /// Records a problem at the value (or, with `atKey`, the member key) `pointer` designates; a
    /// pointer to something absent falls back to its nearest present ancestor.
    func report(_ pointer: JSONPointer, atKey: Bool = false, _ message: String, expected: String? = nil, suggestion: String? = nil) {
        var position = atKey ? document.keyPosition(of: pointer) : nil
        var cursor: JSONPointer? = pointer
        while position == nil, let current = cursor {
            position = document.position(of: current)
            cursor = current.parent
        }
        let where_ = position ?? SourcePosition(line: 1, column: 1, offset: 0)
        let diagnostic = BlueprintDiagnostic(
            file: file, line: where_.line, column: where_.column, pointer: pointer.description,
            message: message, expected: expected, suggestion: suggestion)
        // Keep diagnostics sorted by source offset (stable for equal offsets).
        var index = diagnosticOffsets.count
        while index > 0, diagnosticOffsets[index - 1] > where_.offset { index -= 1 }
        diagnostics.insert(diagnostic, at: index)
        diagnosticOffsets.insert(where_.offset, at: index)
    }

    func reportType(_ field: Field, expected: String) {
        report(field.pointer, "found \(Self.describe(field.value))", expected: expected)
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "string \"\(shown)\""
        case .int, .double, .bool: return "\(value.typeName) \(value.description)"
        default: return value.typeName
        }
    }

    static func list(_ values: [String]) -> String {
        values.joined(separator: ", ")
    }

    // MARK: Objects

    /// Checks that `field` is an object of `kind`: reports unknown keys (with a did-you-mean from
    /// the kind's keys, or from `misplaced` for keys that belong elsewhere) and missing required keys.
    func object(_ field: Field, kind: String, misplaced: (String) -> String? = { _ in nil }) -> ObjectReader? {
        guard case .object(let object) = field.value else {
            reportType(field, expected: "an object")
            return nil
        }
        let spec = BlueprintSchema.spec(kind)
        for key in object.keys where !spec.keys.contains(key) {
            let suggestion = Suggestion.closest(to: key, among: spec.keys) ?? misplaced(key)
            report(field.pointer.appending(key), atKey: true, "unknown key \"\(key)\"", expected: "one of \(Self.list(spec.keys))", suggestion: suggestion)
        }
        for key in spec.keys where spec.required.contains(key) && object[key] == nil {
            report(field.pointer, "missing required key \"\(key)\"")
        }
        return ObjectReader(validator: self, object: object, pointer: field.pointer, spec: spec)
    }

    // MARK: Scalars

    func string(_ field: Field, allowEmpty: Bool = false) -> String? {
        guard case .string(let text) = field.value else {
            reportType(field, expected: "a string")
            return nil
        }
        if !allowEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            report(field.pointer, "text must not be empty")
            return nil
        }
        return text
    }

    func int(_ field: Field, _ range: ClosedRange<Int>) -> Int? {
        let expected = range.upperBound == Int.max
            ? "an integer ≥ \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard case .int(let number) = field.value else {
            reportType(field, expected: expected)
            return nil
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            report(field.pointer, "\(number) is out of range", expected: expected)
            return nil
        }
        return Int(number)
    }

    func bool(_ field: Field) -> Bool? {
        guard case .bool(let flag) = field.value else {
            reportType(field, expected: "true or false")
            return nil
        }
        return flag
    }

    /// One of an enumeration's raw values; `subject` names it in the message ("section type").
    func choice<E: RawRepresentable & CaseIterable>(_ field: Field, _ type: E.Type, subject: String) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard case .string(let text) = field.value else {
            reportType(field, expected: "one of \(Self.list(names))")
            return nil
        }
        guard let value = E(rawValue: text) else {
            report(field.pointer, "unknown \(subject) \"\(text)\"", expected: "one of \(Self.list(names))", suggestion: Suggestion.closest(to: text, among: names))
            return nil
        }
        return value
    }

    /// A string matching one of the format's token grammars.
    func token(_ field: Field, _ format: TokenFormat, subject: String) -> String? {
        guard case .string(let text) = field.value else {
            reportType(field, expected: format.expected)
            return nil
        }
        guard format.matches(text) else {
            report(field.pointer, "invalid \(subject) \"\(text)\"", expected: format.expected)
            return nil
        }
        return text
    }

    func date(_ field: Field) -> Date? {
        guard case .string(let text) = field.value else {
            reportType(field, expected: ISO8601.expected)
            return nil
        }
        guard let date = ISO8601.parse(text) else {
            report(field.pointer, "invalid date \"\(text)\"", expected: ISO8601.expected)
            return nil
        }
        return date
    }

    /// A picture: an absolute `https://` URL or a picture shipped with Tessera (`/media/<file>`).
    func imageURL(_ field: Field) -> String? {
        if case .string(let text) = field.value, text.hasPrefix(MediaPath.prefix) {
            guard MediaPath.isValid(text) else {
                report(field.pointer, "invalid media path \"\(text)\"", expected: "/media/<file>.<ext> (a file in Sources/AppAPI/Media)")
                return nil
            }
            return text
        }
        return url(field)
    }

    /// An absolute `https://` URL (or a `tg://` link when `allowTelegram`).
    func url(_ field: Field, allowTelegram: Bool = false) -> String? {
        let expected = allowTelegram ? "an https:// or tg:// URL" : "an https:// URL"
        guard case .string(let text) = field.value else {
            reportType(field, expected: expected)
            return nil
        }
        let valid = (text.hasPrefix("https://") && text.count > 8) || (allowTelegram && text.hasPrefix("tg://") && text.count > 5)
        guard valid, !text.contains(where: { $0 == " " || $0.isNewline }) else {
            report(field.pointer, "invalid URL \"\(text)\"", expected: expected)
            return nil
        }
        return text
    }

    // MARK: Lists

    func array(_ field: Field, nonEmpty: Bool = false, subject: String = "list") -> [Field]? {
        guard case .array(let elements) = field.value else {
            reportType(field, expected: "an array")
            return nil
        }
        if nonEmpty && elements.isEmpty {
            report(field.pointer, "\(subject) must not be empty", expected: "at least one element")
        }
        return elements.enumerated().map { Field(value: $1, pointer: field.pointer.appending($0)) }
    }

    /// An array whose elements `read` converts; elements with equal `key`s are reported as
    /// duplicates (at the repeat), and invalid elements are skipped.
    func uniqueList<T, K: Hashable>(_ field: Field, nonEmpty: Bool = false, subject: String, key: (T) -> K, describe: (K) -> String, read: (Field) -> T?) -> [T] {
        guard let elements = array(field, nonEmpty: nonEmpty, subject: subject) else { return [] }
        var seen: [K: JSONPointer] = [:]
        var result: [T] = []
        for element in elements {
            guard let value = read(element) else { continue }
            let identity = key(value)
            if let first = seen[identity] {
                report(element.pointer, "duplicate \(subject) \(describe(identity))", expected: "each value once (already at \(first))")
                continue
            }
            seen[identity] = element.pointer
            result.append(value)
        }
        return result
    }

    /// A list of distinct strings in `format`.
    func tokenList(_ field: Field, _ format: TokenFormat, subject: String, nonEmpty: Bool = false) -> [String] {
        uniqueList(field, nonEmpty: nonEmpty, subject: subject, key: { $0 }, describe: { "\"\($0)\"" }) { token($0, format, subject: subject) }
    }

    /// A list of distinct enumeration values.
    func choiceList<E: RawRepresentable & CaseIterable & Hashable>(_ field: Field, _ type: E.Type, subject: String, nonEmpty: Bool = false) -> [E] where E.RawValue == String {
        uniqueList(field, nonEmpty: nonEmpty, subject: subject, key: { $0 }, describe: { "\"\($0.rawValue)\"" }) { choice($0, E.self, subject: subject) }
    }

    // MARK: Locales and text

    /// A declared locale code (after `app` has been read).
    func declaredLocale(_ field: Field) -> String? {
        guard let code = token(field, .locale, subject: "locale") else { return nil }
        if defaultLocale != nil && !locales.contains(code) {
            report(field.pointer, "locale \"\(code)\" is not declared in app.locales", expected: "one of \(Self.list(locales))", suggestion: Suggestion.closest(to: code, among: locales))
            return nil
        }
        return code
    }

    /// User-facing text: a non-empty string, or translations covering every declared locale.
    func localized(_ field: Field) -> LocalizedText? {
        switch field.value {
        case .string:
            return string(field).map(LocalizedText.plain)
        case .object(let object):
            var texts: [String: String] = [:]
            var valid = true
            for (code, value) in object {
                let member = Field(value: value, pointer: field.pointer.appending(code))
                guard TokenFormat.locale.matches(code) else {
                    report(member.pointer, atKey: true, "invalid locale \"\(code)\"", expected: TokenFormat.locale.expected)
                    valid = false
                    continue
                }
                if defaultLocale != nil && !locales.contains(code) {
                    report(member.pointer, atKey: true, "translation for undeclared locale \"\(code)\"", expected: "one of the declared locales \(Self.list(locales))", suggestion: Suggestion.closest(to: code, among: locales))
                    valid = false
                    continue
                }
                guard let text = string(member) else {
                    valid = false
                    continue
                }
                texts[code] = text
            }
            if let defaultLocale {
                let missing = locales.filter { object[$0] == nil }
                if !missing.isEmpty {
                    let names = missing.map { $0 == defaultLocale ? "\"\($0)\" (the default locale)" : "\"\($0)\"" }
                    report(field.pointer, "missing translation\(missing.count > 1 ? "s" : "") for \(names.joined(separator: ", "))", expected: "a translation for each declared locale (\(Self.list(locales)))")
                    valid = false
                }
            } else if object.isEmpty {
                report(field.pointer, "translations must not be empty")
                valid = false
            }
            return valid ? .translations(texts) : nil
        default:
            reportType(field, expected: "text: a string, or translations like {\"en\": \"…\"}")
            return nil
        }
    }

    /// Remembers a reference to a section, checked after all sections are read.
    func referenceSection(_ field: Field, from sectionID: String?) -> String? {
        guard let id = token(field, .identifier, subject: "section id") else { return nil }
        sectionReferences.append((field, id, sectionID))
        return id
    }
}

/// Checked access to the members of one object of a known kind.
struct ObjectReader {
    let validator: Validator
    let object: JSONObject
    let pointer: JSONPointer
    let spec: BlueprintSchema.ObjectSpec

    /// The member `key` (which must be one of the kind's keys), if present.
    subscript(key: String) -> Field? {
        assert(spec.keys.contains(key), "\(key) is not in the spec; update BlueprintSchema and the JSON Schema")
        return object[key].map { Field(value: $0, pointer: pointer.appending(key)) }
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    func int(_ key: String, _ range: ClosedRange<Int>, default value: Int) -> Int {
        self[key].flatMap { validator.int($0, range) } ?? value
    }

    func optionalInt(_ key: String, _ range: ClosedRange<Int>) -> Int? {
        self[key].flatMap { validator.int($0, range) }
    }

    func bool(_ key: String, default value: Bool) -> Bool {
        self[key].flatMap { validator.bool($0) } ?? value
    }

    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, subject: String, default value: E) -> E where E.RawValue == String {
        self[key].flatMap { validator.choice($0, E.self, subject: subject) } ?? value
    }

    func localized(_ key: String) -> LocalizedText? {
        self[key].flatMap { validator.localized($0) }
    }

    func token(_ key: String, _ format: TokenFormat, subject: String) -> String? {
        self[key].flatMap { validator.token($0, format, subject: subject) }
    }
}
