import Glibc

/// Monotonic time in nanoseconds (vDSO `clock_gettime`, so cheap enough for every request).
enum MonotonicClock {
    @inline(__always)
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Converts seconds to nanoseconds, clamping negatives to zero.
    @inline(__always)
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        seconds <= 0 ? 0 : UInt64(seconds * 1_000_000_000)
    }

    /// `now() + seconds`, saturating.
    static func deadline(after seconds: Double) -> UInt64 {
        let (sum, overflow) = now().addingReportingOverflow(nanoseconds(seconds))
        return overflow ? UInt64.max : sum
    }
}
