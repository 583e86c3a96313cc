/// Where a job is in its life (the `jobs.state` column).
public enum JobState: String, Sendable, CaseIterable, Equatable {
    /// Waiting for its `run_at`.
    case queued
    /// Leased by a runner until `lease_until`; an expired lease is taken again.
    case running
    /// Its handler succeeded.
    case done
    /// A dead letter: attempts used up, a permanent failure, or no handler for its kind. Staff may retry it.
    case dead
    /// Withdrawn by staff while queued.
    case cancelled

    /// Whether the job will not run again by itself.
    public var isFinished: Bool { self == .done || self == .dead || self == .cancelled }
}
