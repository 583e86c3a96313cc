/// What a job does, e.g. `bot.reply` or `staff.signin_link`: the key its handler is registered under.
///
/// `^[a-z][a-z0-9_.]{0,62}$`, checked here and by the `jobs` table, so a kind is safe in logs and URLs.
/// A literal (`"bot.reply"`, also `JobKind("bot.reply")`) is checked with a precondition; text from
/// outside goes through the throwing `init(_:)` with a `String` value.
public struct JobKind: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// Validates `rawValue`; throws `JobError.invalidKind` naming it.
    public init(_ rawValue: String) throws(JobError) {
        guard Self.isValid(rawValue) else { throw JobError.invalidKind(rawValue) }
        self.rawValue = rawValue
    }

    /// A kind written in the source (`let reply: JobKind = "bot.reply"`); traps when invalid, as a typo would.
    public init(stringLiteral value: String) {
        precondition(Self.isValid(value), "invalid job kind \"\(value)\": must match ^[a-z][a-z0-9_.]{0,62}$")
        self.rawValue = value
    }

    public var description: String { rawValue }

    /// Whether `raw` matches `^[a-z][a-z0-9_.]{0,62}$`.
    public static func isValid(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard let first = bytes.first, bytes.count <= 63, first >= 0x61, first <= 0x7A else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2E }
    }
}
