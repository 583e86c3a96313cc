import Foundation

/// Why a job could not be enqueued or looked up. Descriptions name the value at fault, never a payload.
public enum JobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A kind that does not match `^[a-z][a-z0-9_.]{0,62}$`.
    case invalidKind(String)
    /// A dedupe key that is empty, longer than 200 characters or contains a NUL.
    case invalidDedupeKey(String)
    /// `maxAttempts` outside 1…1000.
    case invalidMaxAttempts(Int)
    /// A payload that is not a JSON object, or contains text PostgreSQL cannot store (U+0000).
    case invalidPayload(String)
    /// A list limit outside 1…500.
    case invalidLimit(Int)

    public var description: String {
        switch self {
        case .invalidKind(let kind):
            "invalid job kind \"\(Self.shown(kind))\": must match ^[a-z][a-z0-9_.]{0,62}$"
        case .invalidDedupeKey(let key):
            "invalid job dedupe key \"\(Self.shown(key))\": must be 1 to 200 characters without U+0000"
        case .invalidMaxAttempts(let value): "invalid job max_attempts \(value): must be 1 to 1000"
        case .invalidPayload(let reason): "invalid job payload: \(reason)"
        case .invalidLimit(let value): "invalid job list limit \(value): must be 1 to 500"
        }
    }

    private static func shown(_ text: String) -> String {
        let cleaned = text.replacingOccurrences(of: "\u{0}", with: "\\u0000")
        return cleaned.count > 70 ? String(cleaned.prefix(70)) + "…" : cleaned
    }
}
