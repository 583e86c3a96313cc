import Foundation
import TesseraJSON

/// Parses and validates blueprint files.
public enum BlueprintLoader {
    /// Parses `bytes` as a blueprint, reporting every problem at once (a JSON syntax error stops
    /// the parse, so it is reported alone). `file` is the name diagnostics carry.
    public static func load(_ bytes: [UInt8], file: String) -> Result<Blueprint, BlueprintDiagnostics> {
        let document: JSONDocument
        do {
            document = try JSONParser.parseDocument(bytes)
        } catch {
            let diagnostic = BlueprintDiagnostic(file: file, line: error.line, column: error.column, pointer: "", message: "invalid JSON: \(error.message)")
            return .failure(BlueprintDiagnostics([diagnostic]))
        }
        let validator = Validator(document: document, file: file)
        let blueprint = validator.readBlueprint(Field(value: document.value, pointer: .root))
        if let blueprint, validator.diagnostics.isEmpty { return .success(blueprint) }
        return .failure(BlueprintDiagnostics(validator.diagnostics))
    }

    /// Reads and loads the file at `path` (diagnostics name it `path`).
    public static func load(contentsOfFile path: String) -> Result<Blueprint, BlueprintDiagnostics> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(BlueprintDiagnostics([BlueprintDiagnostic(file: path, line: 1, column: 1, pointer: "", message: "cannot read the file")]))
        }
        return load(Array(data), file: path)
    }
}

extension Validator {
    func readBlueprint(_ root: Field) -> Blueprint? {
        guard let reader = object(root, kind: "blueprint") else { return nil }
        let schema = reader["$schema"].flatMap { string($0) }
        if let version = reader["version"], let number = int(version, 1...Int.max), number != Blueprint.currentFormatVersion {
            report(version.pointer, "unsupported blueprint format version \(number)", expected: "\(Blueprint.currentFormatVersion)")
        }
        // `app` first: it declares the locales every localized string is checked against.
        let app = reader["app"].flatMap(readApp)
        let sections = reader["sections"].map(readSections) ?? []
        let navigation = reader["navigation"].flatMap { readNavigation($0, sections: sections) }
        let contactFields = reader["contact_fields"].map(readContactFields) ?? []
        let botField = reader["bot"]
        let bot = botField.flatMap(readBot)
        checkSectionReferences(sections)
        checkCrossSectionRules(sections)
        guard let app, let navigation, botField == nil || bot != nil else { return nil }
        return Blueprint(
            schema: schema, app: app, navigation: navigation, sections: sections, contactFields: contactFields, bot: bot)
    }

    func readApp(_ field: Field) -> AppInfo? {
        guard let reader = object(field, kind: "app") else { return nil }
        let defaultLocale = reader.token("default_locale", .locale, subject: "locale")
        var declared: [String] = defaultLocale.map { [$0] } ?? []
        if let localesField = reader["locales"] {
            declared = tokenList(localesField, .locale, subject: "locale", nonEmpty: true)
            if let defaultLocale, !declared.isEmpty, !declared.contains(defaultLocale) {
                report(localesField.pointer, "locales must include the default locale \"\(defaultLocale)\"")
            }
        }
        if let defaultLocale {
            self.defaultLocale = defaultLocale
            // The default first, then the others as written.
            locales = [defaultLocale] + declared.filter { $0 != defaultLocale }
        }
        let name = reader.localized("name")
        let description = reader.localized("description")
        let theme = reader["theme"].flatMap(readTheme)
        guard let defaultLocale, let name, let theme else { return nil }
        return AppInfo(name: name, defaultLocale: defaultLocale, locales: locales, description: description, theme: theme)
    }

    func readTheme(_ field: Field) -> Theme? {
        guard let reader = object(field, kind: "theme") else { return nil }
        let accent = reader["accent"].flatMap(color)
        let accentDark = reader["accent_dark"].flatMap(color)
        guard let accent else { return nil }
        return Theme(accent: accent, accentDark: accentDark)
    }

    func color(_ field: Field) -> HexColor? {
        guard let text = string(field, allowEmpty: true) else { return nil }
        guard let color = HexColor(text) else {
            report(field.pointer, "invalid colour \"\(text)\"", expected: "a colour like #rrggbb")
            return nil
        }
        return color
    }

    func readSections(_ field: Field) -> [Section] {
        guard let elements = array(field, nonEmpty: true, subject: "sections") else { return [] }
        var sections: [Section] = []
        var firstByID: [String: JSONPointer] = [:]
        for element in elements {
            // References to a section that exists but is invalid are not reported again.
            if let id = element.value["id"]?.stringValue { declaredSectionIDs.insert(id) }
            guard let section = readSection(element) else { continue }
            if let first = firstByID[section.id] {
                report(element.pointer.appending("id"), "duplicate section id \"\(section.id)\"", expected: "a unique id (already used at \(first))")
                continue
            }
            firstByID[section.id] = element.pointer
            sections.append(section)
        }
        return sections
    }

    func readNavigation(_ field: Field, sections: [Section]) -> Navigation? {
        guard let reader = object(field, kind: "navigation") else { return nil }
        let style = reader.choice("style", NavigationStyle.self, subject: "navigation style", default: .tabs)
        var items: [NavigationItem] = []
        if let itemsField = reader["items"] {
            items = uniqueList(itemsField, nonEmpty: true, subject: "navigation item", key: \.section, describe: { "for section \"\($0)\"" }) { element in
                guard let item = object(element, kind: "navigation_item") else { return nil }
                let section = item["section"].flatMap { referenceSection($0, from: nil) }
                let title = item.localized("title")
                let icon = item.icon("icon")
                return section.map { NavigationItem(section: $0, title: title, icon: icon) }
            }
            if style == .tabs && items.count > Navigation.maxTabs {
                report(itemsField.pointer, "\(items.count) tabs do not fit the tab bar", expected: "at most \(Navigation.maxTabs) items, or \"style\": \"menu\"")
            }
        }
        return Navigation(style: style, items: items)
    }

    func checkSectionReferences(_ sections: [Section]) {
        let ids = sections.map(\.id)
        for reference in sectionReferences {
            if !declaredSectionIDs.contains(reference.id) {
                report(reference.field.pointer, "unknown section \"\(reference.id)\"", expected: ids.isEmpty ? "the id of a section" : "the id of a section (\(Self.list(ids)))", suggestion: Suggestion.closest(to: reference.id, among: ids))
            } else if reference.id == reference.from {
                report(reference.field.pointer, "section \"\(reference.id)\" refers to itself", expected: "the id of another section")
            }
        }
    }

    /// Rules spanning sections: one points economy per app, and boards/quests that count points or
    /// purchases need the section type that produces them.
    func checkCrossSectionRules(_ sections: [Section]) {
        let gamefi = sections.filter { $0.type == .gamefi }
        if gamefi.count > 1, case .array(let raw)? = document.value["sections"] {
            let indices = raw.indices.filter { raw[$0]["type"]?.stringValue == SectionType.gamefi.rawValue }
            for index in indices.dropFirst() {
                report(JSONPointer.root.appending("sections").appending(index).appending("type"), "only one gamefi section is allowed", expected: "a single points economy per app")
            }
        }
        let types = Set(sections.map(\.type))
        for requirement in sectionTypeRequirements where !types.contains(requirement.type) {
            report(requirement.pointer, requirement.message, expected: "a \(requirement.type.rawValue) section in the blueprint")
        }
    }
}
