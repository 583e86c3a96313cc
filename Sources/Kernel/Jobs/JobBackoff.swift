/// The delay before the next attempt of a job whose handler threw: exponential, capped, jittered.
///
/// Attempt n waits `base · 2^(n−1)` seconds, at most `cap`, multiplied by a random factor in
/// `[1 − jitter, 1]` so jobs that failed together (an outage) do not all come back at once.
public struct JobBackoff: Sendable, Equatable {
    public var base: Double
    public var cap: Double
    /// Fraction of the delay that is random, 0…1.
    public var jitter: Double

    public init(base: Double = 2, cap: Double = 3600, jitter: Double = 0.5) {
        self.base = max(0, base)
        self.cap = max(self.base, cap)
        self.jitter = min(1, max(0, jitter))
    }

    /// The undithered delay after `attempt` (from 1).
    public func nominalDelay(afterAttempt attempt: Int) -> Double {
        let exponent = min(max(attempt, 1) - 1, 62)
        return min(cap, base * Double(UInt64(1) << UInt64(exponent)))
    }

    /// The delay after `attempt`, with `unit` a random number in 0…1 (injectable for tests).
    public func delay(afterAttempt attempt: Int, unit: Double = Double.random(in: 0...1)) -> Double {
        nominalDelay(afterAttempt: attempt) * (1 - jitter * min(1, max(0, unit)))
    }
}
