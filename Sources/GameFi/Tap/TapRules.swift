import Blueprint
import Kernel

/// The tap game's server-side limits, as integer arithmetic on a small per-participant state.
///
/// Energy is kept in units of 1/60 000 of a tap's energy so that regeneration (`regen` per minute,
/// i.e. `regen` units per millisecond) is exact; the rate limit is a token bucket in units of
/// 1/1 000 tap, refilled at `maxTapsPerSecond` units per millisecond and holding at most
/// `burstSeconds` worth of taps. A batch is credited min(requested, whole energy, whole tokens), so
/// however large or frequent a script's batches are, it earns at most
/// `maxTapsPerSecond × elapsed + burst` taps and never more than energy allows.
public enum TapRules {
    public static let energyUnit: Int64 = 60_000
    public static let tokenUnit: Int64 = 1_000
    /// How many seconds of taps a client may send at once (a batch delayed by the network).
    public static let burstSeconds: Int64 = 3

    public struct Limits: Sendable, Equatable {
        public var energyMax: Int64
        public var regenPerMinute: Int64
        public var maxTapsPerSecond: Int64
        public var pointsPerTap: Int64

        public init(energyMax: Int64, regenPerMinute: Int64, maxTapsPerSecond: Int64, pointsPerTap: Int64) {
            self.energyMax = energyMax
            self.regenPerMinute = regenPerMinute
            self.maxTapsPerSecond = maxTapsPerSecond
            self.pointsPerTap = pointsPerTap
        }

        public init(_ settings: TapSettings) {
            self.init(
                energyMax: Int64(settings.energyMax), regenPerMinute: Int64(settings.energyRegenPerMinute),
                maxTapsPerSecond: Int64(settings.maxTapsPerSecond), pointsPerTap: Int64(settings.pointsPerTap))
        }

        var energyCapacity: Int64 { energyMax * TapRules.energyUnit }
        var tokenCapacity: Int64 { maxTapsPerSecond * TapRules.burstSeconds * TapRules.tokenUnit }
    }

    /// A participant's tap state at `updatedMillis`.
    public struct State: Sendable, Equatable {
        public var energyUnits: Int64
        public var tokenUnits: Int64
        public var updatedMillis: Int64

        public init(energyUnits: Int64, tokenUnits: Int64, updatedMillis: Int64) {
            self.energyUnits = energyUnits
            self.tokenUnits = tokenUnits
            self.updatedMillis = updatedMillis
        }

        /// Full energy and a full bucket: a newcomer's state.
        public static func fresh(_ limits: Limits, at millis: Int64) -> State {
            State(energyUnits: limits.energyCapacity, tokenUnits: limits.tokenCapacity, updatedMillis: millis)
        }

        /// Whole energy available.
        public var energy: Int64 { energyUnits / TapRules.energyUnit }
    }

    public enum Limit: String, Sendable { case energy, rate }

    public struct Outcome: Sendable, Equatable {
        public var state: State
        public var credited: Int64
        public var points: Int64
        /// What stopped the batch from being credited in full, if anything.
        public var limitedBy: Limit?
    }

    /// The state regenerated up to `now` (a clock that went backwards regenerates nothing).
    public static func regenerate(_ state: State, _ limits: Limits, now: Int64) -> State {
        let elapsed = max(0, now - state.updatedMillis)
        // Saturating: a long absence refills completely without overflowing.
        let energyGain = elapsed > limits.energyCapacity / max(1, limits.regenPerMinute) ? limits.energyCapacity : elapsed * limits.regenPerMinute
        let tokenGain = elapsed > limits.tokenCapacity / max(1, limits.maxTapsPerSecond) ? limits.tokenCapacity : elapsed * limits.maxTapsPerSecond
        return State(
            energyUnits: min(limits.energyCapacity, state.energyUnits + energyGain),
            tokenUnits: min(limits.tokenCapacity, state.tokenUnits + tokenGain),
            updatedMillis: max(state.updatedMillis, now))
    }

    /// Credits a batch of `requested` taps at `now`.
    public static func apply(_ state: State, requested: Int64, limits: Limits, now: Int64) -> Outcome {
        var current = regenerate(state, limits, now: now)
        let byEnergy = current.energyUnits / energyUnit
        let byRate = current.tokenUnits / tokenUnit
        let credited = max(0, min(requested, byEnergy, byRate))
        current.energyUnits -= credited * energyUnit
        current.tokenUnits -= credited * tokenUnit
        var limit: Limit?
        if credited < requested { limit = byEnergy <= byRate ? .energy : .rate }
        return Outcome(state: current, credited: credited, points: credited * limits.pointsPerTap, limitedBy: limit)
    }
}
