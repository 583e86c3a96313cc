import Foundation

/// Conditions under which a section is shown (`"visible_if"`); all given conditions must hold.
public struct Visibility: Sendable, Equatable {
    /// The participant has at least one of these tags (ignored when empty).
    public var tagsAny: [String]
    /// The participant has every one of these tags.
    public var tagsAll: [String]
    /// The participant has none of these tags.
    public var tagsNone: [String]
    /// Shown from this instant on (inclusive).
    public var from: Date?
    /// Shown until this instant (exclusive).
    public var until: Date?
    /// Shown only for these (resolved) locales (ignored when empty).
    public var locales: [String]

    public init(tagsAny: [String] = [], tagsAll: [String] = [], tagsNone: [String] = [], from: Date? = nil, until: Date? = nil, locales: [String] = []) {
        self.tagsAny = tagsAny
        self.tagsAll = tagsAll
        self.tagsNone = tagsNone
        self.from = from
        self.until = until
        self.locales = locales
    }

    /// Whether no condition is set (always visible).
    public var isUnconditional: Bool {
        tagsAny.isEmpty && tagsAll.isEmpty && tagsNone.isEmpty && from == nil && until == nil && locales.isEmpty
    }

    /// Whether a participant with `tags`, viewing in (resolved) `locale` at `now`, sees the section.
    public func allows(locale: String, tags: Set<String>, now: Date) -> Bool {
        if !tagsAny.isEmpty && !tagsAny.contains(where: tags.contains) { return false }
        if !tagsAll.allSatisfy(tags.contains) { return false }
        if tagsNone.contains(where: tags.contains) { return false }
        if let from, now < from { return false }
        if let until, now >= until { return false }
        if !locales.isEmpty && !locales.contains(locale) { return false }
        return true
    }
}
