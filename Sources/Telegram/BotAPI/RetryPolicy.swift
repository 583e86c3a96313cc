/// When a failed Bot API call is tried again (pure: decides, never sleeps).
///
/// 429 waits exactly `retry_after` (Telegram's flood control punishes early retries), unless that
/// is longer than `maxRetryAfter`: then the caller gets the error and can reschedule the work.
/// Connection failures and 5xx answers back off exponentially. Everything else is final.
public struct RetryPolicy: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case retry(afterSeconds: Double)
        case giveUp
    }

    /// Attempts in total, the first one included.
    public var maxAttempts: Int
    /// The longest `retry_after` worth waiting for in place, seconds.
    public var maxRetryAfter: Int
    /// First back-off after a network error or 5xx, doubled on each further attempt.
    public var baseBackoff: Double

    public init(maxAttempts: Int = 3, maxRetryAfter: Int = 30, baseBackoff: Double = 0.5) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxRetryAfter = maxRetryAfter
        self.baseBackoff = baseBackoff
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// For `answerPreCheckoutQuery`, which Telegram only accepts within 10 seconds of the query:
    /// one retry at most, and only after a `retry_after` of 2 seconds or less (or a short 5xx
    /// back-off). With `preCheckoutTimeout` per attempt the worst case stays near 8 seconds.
    public static let preCheckoutAnswer = RetryPolicy(maxAttempts: 2, maxRetryAfter: 2, baseBackoff: 0.5)
    /// The per-attempt timeout (seconds) that goes with `preCheckoutAnswer`.
    public static let preCheckoutTimeout: Double = 3

    /// What to do after attempt number `attempt` (1-based) failed with `error`.
    /// `requestMayHaveBeenSent` is false only when the connection was never established, the
    /// one network failure after which a retry cannot duplicate a message.
    public func decide(after error: BotAPIError, attempt: Int, requestMayHaveBeenSent: Bool = true) -> Decision {
        guard attempt < maxAttempts else { return .giveUp }
        switch error {
        case .tooManyRequests(let seconds):
            return seconds <= maxRetryAfter ? .retry(afterSeconds: Double(seconds)) : .giveUp
        case .network:
            return requestMayHaveBeenSent ? .giveUp : .retry(afterSeconds: backoff(attempt))
        case .other(let code, _) where code >= 500:
            return .retry(afterSeconds: backoff(attempt))
        default:
            return .giveUp
        }
    }

    func backoff(_ attempt: Int) -> Double {
        baseBackoff * Double(1 << min(attempt - 1, 10))
    }
}
