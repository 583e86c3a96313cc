import Foundation

/// Who is looking, in which language, and when: everything a screen depends on besides the
/// blueprint.
public struct ScreenContext: Sendable, Hashable {
    /// Requested locale (resolved against the app's locales by the interpreter).
    public var locale: String
    /// The participant's tags.
    public var tags: Set<String>
    /// The instant visibility windows are evaluated at.
    public var now: Date

    public init(locale: String, tags: Set<String> = [], now: Date = Date()) {
        self.locale = locale
        self.tags = tags
        self.now = now
    }
}
