import Kernel
import Telegram

/// What a failed Bot API call in the forum group means (pure).
enum ForumFailure: Equatable {
    /// The topic is gone (deleted by a human): forget it and make a new one.
    case topicGone
    /// The topic is closed: reopen it first.
    case topicClosed
    /// The bot cannot work in the group any more (removed, rights taken, group gone): the link is
    /// broken until an owner links a group again.
    case linkBroken(String)
    /// Flood control or a passing failure: retry the job.
    case retry(JobOutcome)
    /// Telegram refused this one message for good.
    case failed(String)

    static func of(_ error: BotAPIError, attempt: Int) -> ForumFailure {
        switch error {
        case .badRequest(let text):
            let lowered = text.lowercased()
            if lowered.contains("message thread not found") || lowered.contains("topic_id_invalid") { return .topicGone }
            if lowered.contains("topic_closed") { return .topicClosed }
            if lowered.contains("chat not found") || lowered.contains("not a forum") || lowered.contains("not enough rights")
                || lowered.contains("chat_admin_required") || lowered.contains("have no rights")
            {
                return .linkBroken(text)
            }
            return .failed(text)
        case .forbidden(let text, _): return .linkBroken(text)
        case .unauthorized: return .linkBroken("Unauthorized: the bot token is wrong or revoked")
        case .tooManyRequests(let seconds): return .retry(.retry(after: Double(max(1, seconds)), reason: error.description))
        case .network, .decoding:
            return .retry(.retry(after: JobBackoff().delay(afterAttempt: attempt), reason: error.description))
        case .other(let code, let text):
            if code >= 500 { return .retry(.retry(after: JobBackoff().delay(afterAttempt: attempt), reason: error.description)) }
            return .failed(text)
        case .notFound(let text): return .failed(text)
        }
    }
}
