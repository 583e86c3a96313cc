import Kernel
import Telegram

/// What a failed send of a staff reply means for the reply and its job (pure).
enum ReplyDelivery: Equatable {
    /// Flood control: try again after Telegram's `retry_after`; the reply stays `queued`.
    case retryAfter(Double, reason: String)
    /// A passing failure (network, 5xx): exponential back-off; the reply stays `queued`.
    case backOff(reason: String)
    /// Telegram refused for good: the reply is `failed` with `reason`; `blocked` marks the
    /// participant unreachable.
    case failed(reason: String, blocked: Bool)

    static func decide(_ error: BotAPIError) -> ReplyDelivery {
        switch error {
        case .tooManyRequests(let seconds): .retryAfter(Double(max(1, seconds)), reason: error.description)
        case .network, .decoding: .backOff(reason: error.description)
        case .other(let code, _) where code >= 500: .backOff(reason: error.description)
        case .forbidden(let text, let blocked): .failed(reason: text, blocked: blocked)
        case .badRequest(let text), .notFound(let text), .other(_, let text): .failed(reason: text, blocked: false)
        case .unauthorized: .failed(reason: "Unauthorized: the bot token is wrong or revoked", blocked: false)
        }
    }

    /// The job's outcome; on the last attempt a passing failure fails the reply too (`failsReply`).
    func outcome(attempt: Int, lastAttempt: Bool) -> (job: JobOutcome, failsReply: String?) {
        switch self {
        case .retryAfter(let seconds, let reason): (.retry(after: seconds, reason: reason), lastAttempt ? reason : nil)
        case .backOff(let reason):
            (.retry(after: JobBackoff().delay(afterAttempt: attempt), reason: reason), lastAttempt ? reason : nil)
        case .failed(let reason, _): (.fail(reason: reason), reason)
        }
    }
}
