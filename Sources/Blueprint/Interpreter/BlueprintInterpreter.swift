import Foundation
import TesseraJSON

/// Turns a blueprint into what the client renders: the app manifest and one screen per section,
/// resolved for a locale (falling back to the default), the participant's tags and the time.
///
/// Building is a single pass over already-validated values with no parsing or lookups beyond two
/// dictionaries prepared at `init`, so it is cheap enough to run per request; the server may
/// still cache results per blueprint version.
public struct BlueprintInterpreter: Sendable {
    /// The blueprint being interpreted.
    public let blueprint: Blueprint
    private let sectionIndex: [String: Int]
    private let localeIndex: [String: String]

    public init(_ blueprint: Blueprint) {
        self.blueprint = blueprint
        var sectionIndex: [String: Int] = [:]
        for (index, section) in blueprint.sections.enumerated() { sectionIndex[section.id] = index }
        self.sectionIndex = sectionIndex
        var localeIndex: [String: String] = [:]
        for locale in blueprint.app.locales { localeIndex[locale.lowercased()] = locale }
        self.localeIndex = localeIndex
    }

    /// The declared locale best matching `requested` (exact, case-insensitive, `_` as `-`; then its
    /// language, `pt-br` → `pt`), else the default locale.
    public func resolveLocale(_ requested: String?) -> String {
        guard let requested, !requested.isEmpty else { return blueprint.app.defaultLocale }
        // Per request on the screen path: plain Swift, not Foundation's bridged replacingOccurrences.
        let normalized = String(requested.lowercased().map { $0 == "_" ? "-" : $0 })
        if let exact = localeIndex[normalized] { return exact }
        if let dash = normalized.firstIndex(of: "-"), let language = localeIndex[String(normalized[..<dash])] {
            return language
        }
        return blueprint.app.defaultLocale
    }

    /// Whether `section` is shown to this participant now.
    public func isVisible(_ section: Section, context: ScreenContext) -> Bool {
        section.visibility.allows(locale: resolveLocale(context.locale), tags: context.tags, now: context.now)
    }

    /// Ids of the sections visible in `context`, in blueprint order.
    public func visibleSectionIDs(context: ScreenContext) -> [String] {
        let locale = resolveLocale(context.locale)
        return blueprint.sections.filter { $0.visibility.allows(locale: locale, tags: context.tags, now: context.now) }.map(\.id)
    }

    /// The manifest (`name`, `description`?, `locale`, `locales`, `theme`, `navigation`); the server
    /// adds `tenant`, `version` and `participant`. Navigation items of invisible sections are dropped.
    public func manifest(locale requested: String, tags: Set<String>, now: Date) -> JSONValue {
        let locale = resolveLocale(requested)
        let app = blueprint.app
        var object: JSONObject = ["name": .string(app.name.resolved(for: locale, defaultLocale: app.defaultLocale))]
        if let description = app.description {
            object["description"] = .string(description.resolved(for: locale, defaultLocale: app.defaultLocale))
        }
        object["locale"] = .string(locale)
        object["locales"] = .array(app.locales.map(JSONValue.string))
        var theme: JSONObject = ["accent": .string(app.theme.accent.hex)]
        if let dark = app.theme.accentDark { theme["accent_dark"] = .string(dark.hex) }
        object["theme"] = .object(theme)
        var items: [JSONValue] = []
        for item in blueprint.navigation.items {
            guard let index = sectionIndex[item.section] else { continue }
            let section = blueprint.sections[index]
            guard section.visibility.allows(locale: locale, tags: tags, now: now) else { continue }
            var entry: JSONObject = [
                "section": .string(section.id),
                "type": .string(section.type.rawValue),
                "title": .string((item.title ?? section.title).resolved(for: locale, defaultLocale: app.defaultLocale)),
            ]
            if let icon = item.icon ?? section.icon { entry["icon"] = .string(icon) }
            items.append(.object(entry))
        }
        object["navigation"] = ["style": .string(blueprint.navigation.style.rawValue), "items": .array(items)]
        return .object(object)
    }

    /// The screen of section `sectionID` as `{"screen": {"id", "type", "title", "components"}}`, or
    /// `nil` when there is no such section or it is not visible in `context`.
    public func screen(_ sectionID: String, context: ScreenContext) -> JSONValue? {
        guard let index = sectionIndex[sectionID] else { return nil }
        let section = blueprint.sections[index]
        var builder = ScreenBuilder(interpreter: self, section: section, context: context, locale: resolveLocale(context.locale))
        guard section.visibility.allows(locale: builder.locale, tags: context.tags, now: context.now) else { return nil }
        return builder.build()
    }

    /// Whether section `id` exists and is visible (targets of `open_screen` actions must be).
    func isReachable(_ id: String, locale: String, context: ScreenContext) -> Bool {
        guard let index = sectionIndex[id] else { return false }
        return blueprint.sections[index].visibility.allows(locale: locale, tags: context.tags, now: context.now)
    }
}
