extension JobRunner {
    /// How a runner leases, retries, polls and prunes.
    public struct Settings: Sendable, Equatable {
        /// Worker threads, i.e. jobs run at once by this process (each needs a pooled connection).
        public var concurrency: Int = 2
        /// Seconds a runner owns a job it took; a job still running after that is taken again (at
        /// least once). Longer than any handler may take — the Bot API client's timeouts included.
        public var lease: Double = 300
        /// Seconds between passes over every schema: the fallback for lost notifications, jobs that
        /// other processes scheduled for later, and leases that a crashed process left.
        public var pollInterval: Double = 60
        /// Delay before the next attempt of a job whose handler threw.
        public var backoff = JobBackoff()
        /// Seconds done and cancelled jobs are kept (for staff, and as dedupe keys) before pruning.
        public var doneRetention: Double = 7 * 86_400
        /// Seconds dead jobs are kept before pruning.
        public var deadRetention: Double = 30 * 86_400
        /// Seconds between prunings of a schema.
        public var pruneInterval: Double = 3600
        /// Seconds before a schema whose pass failed (database unreachable) is tried again.
        public var errorDelay: Double = 5

        public init() {}

        /// The settings with values that cannot work raised to their minimum (a lease of 0 would
        /// expire before the handler starts; a poll interval of 0 would spin).
        var normalized: Settings {
            var copy = self
            copy.concurrency = min(64, max(1, concurrency))
            copy.lease = max(1, lease)
            copy.pollInterval = max(0.1, pollInterval)
            copy.pruneInterval = max(1, pruneInterval)
            copy.errorDelay = max(0.1, errorDelay)
            copy.doneRetention = max(0, doneRetention)
            copy.deadRetention = max(0, deadRetention)
            return copy
        }
    }
}
