/// A failed Bot API call, typed by what the caller can do about it.
///
/// Descriptions are Telegram's own texts (`Bad Request: chat not found`) or a transport summary;
/// they never contain the bot token (the request URL does, so it is never quoted).
public enum BotAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400: the request was wrong (unknown chat, empty text, expired query, …).
    case badRequest(String)
    /// 403: the bot may not do this; `blocked` when the user blocked the bot (or deleted their
    /// account), which makes the participant unreachable.
    case forbidden(String, blocked: Bool)
    /// 429: flood control; retry after this many seconds.
    case tooManyRequests(retryAfter: Int)
    /// 401: the token is wrong or revoked.
    case unauthorized
    /// 404: unknown method (or a malformed token path).
    case notFound(String)
    /// Any other error code Telegram answered with (409 conflict, 5xx …).
    case other(code: Int, description: String)
    /// No answer: connection refused, timeout, TLS failure.
    case network(String)
    /// An answer that is not the Bot API's JSON, or a result of an unexpected shape.
    case decoding(String)

    /// The HTTP-level error code, when Telegram answered.
    public var errorCode: Int? {
        switch self {
        case .badRequest: 400
        case .forbidden: 403
        case .tooManyRequests: 429
        case .unauthorized: 401
        case .notFound: 404
        case .other(let code, _): code
        case .network, .decoding: nil
        }
    }

    public var description: String {
        switch self {
        case .badRequest(let d): "Bot API 400: \(d)"
        case .forbidden(let d, _): "Bot API 403: \(d)"
        case .tooManyRequests(let s): "Bot API 429: Too Many Requests: retry after \(s)"
        case .unauthorized: "Bot API 401: Unauthorized (wrong or revoked bot token)"
        case .notFound(let d): "Bot API 404: \(d)"
        case .other(let code, let d): "Bot API \(code): \(d)"
        case .network(let d): "Bot API unreachable: \(d)"
        case .decoding(let d): "Bot API answer not understood: \(d)"
        }
    }

    /// Maps an `{"ok":false,…}` answer to an error (pure: no I/O).
    public static func from(errorCode: Int, description: String, retryAfter: Int?) -> BotAPIError {
        switch errorCode {
        case 400: return .badRequest(description)
        case 401: return .unauthorized
        case 403:
            // The texts Telegram uses for a private chat that can no longer receive messages.
            let lowered = description.lowercased()
            let blocked = lowered.contains("bot was blocked by the user") || lowered.contains("user is deactivated")
            return .forbidden(description, blocked: blocked)
        case 404: return .notFound(description)
        case 429: return .tooManyRequests(retryAfter: max(0, retryAfter ?? 1))
        default: return .other(code: errorCode, description: description)
        }
    }
}
