/// A Telegram bot token (`<bot id>:<secret>`). Its description is redacted so it cannot leak
/// into logs or error messages.
public struct BotToken: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    public init?(_ value: String) {
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isNumber), parts[1].count >= 8,
            parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), value.utf8.count <= 128
        else { return nil }
        self.value = value
    }

    /// The numeric bot id before the colon (public information).
    public var botID: Int64 { Int64(value.split(separator: ":")[0]) ?? 0 }

    public var description: String { "BotToken(\(botID):•••)" }
}
