import Foundation

/// How many failed sign-ins a key (an account or an address) may have within a sliding window.
/// Pure: given the key's recent failures and the time, it says whether another attempt may go
/// ahead or when the next one may.
public struct SignInRateLimit: Sendable, Equatable {
    public var limit: Int
    public var window: TimeInterval

    /// 5 failures per account per 15 minutes: slow enough against guessing one password, and
    /// someone who mistyped a few times is back within minutes.
    public static let perAccount = SignInRateLimit(limit: 5, window: 900)
    /// 20 failures per address per 15 minutes: an office behind one NAT still signs in, one
    /// machine guessing across many accounts does not get far.
    public static let perAddress = SignInRateLimit(limit: 20, window: 900)

    public init(limit: Int, window: TimeInterval) {
        precondition(limit >= 1 && window > 0, "a rate limit needs a positive limit and window")
        self.limit = limit
        self.window = window
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Whole seconds until the oldest failure that counts leaves the window (at least 1).
        case retryAfter(seconds: Int)
    }

    /// The decision for a key whose failures happened at `failures` (any order; old ones ignored).
    public func decide(failures: [Date], now: Date) -> Decision {
        let recent = failures.filter { $0 > now.addingTimeInterval(-window) && $0 <= now }.sorted(by: >)
        guard recent.count >= limit else { return .allowed }
        // Another attempt is allowed once all but limit - 1 of the recent failures left the window.
        let freeing = recent[limit - 1]
        let wait = freeing.addingTimeInterval(window).timeIntervalSince(now)
        return .retryAfter(seconds: max(1, Int(wait.rounded(.up))))
    }

    /// The stricter of several decisions (the longest wait).
    public static func combine(_ decisions: [Decision]) -> Decision {
        let waits = decisions.compactMap { decision -> Int? in
            if case .retryAfter(let seconds) = decision { return seconds }
            return nil
        }
        return waits.max().map { .retryAfter(seconds: $0) } ?? .allowed
    }
}
