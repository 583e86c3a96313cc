import CTesseraSystem
import Glibc

/// The eventfd the signal handler writes to; set only while `runUntilSignal()` is waiting.
nonisolated(unsafe) private var signalWakeFD: Int32 = -1

extension HTTPServer {
    /// Blocks until SIGTERM or SIGINT (or a `shutdown` from elsewhere), shuts down gracefully
    /// within `configuration.shutdownGracePeriod`, and returns, so the caller can exit 0.
    ///
    /// Uses a handler that writes to an eventfd rather than signalfd/sigwait: those need the
    /// signals blocked in every thread, which a process with other libraries' threads cannot promise.
    /// `beforeShutdown` runs once the signal arrived, before connections drain (answer long polls there).
    public func runUntilSignal(beforeShutdown: () -> Void = {}) {
        runUntilSignal(ready: nil, beforeShutdown: beforeShutdown)
    }

    func runUntilSignal(ready: (() -> Void)?, beforeShutdown: () -> Void = {}) {
        let wake = eventfd(0, Int32(EFD_CLOEXEC))
        guard wake >= 0 else {
            core.logger.error("eventfd failed; shutting down", [("errno", .int(Int64(errno)))])
            shutdown(gracePeriod: configuration.shutdownGracePeriod)
            return
        }
        defer { Glibc.close(wake) }
        signalWakeFD = wake
        let handler: @convention(c) (Int32) -> Void = { _ in
            var one: UInt64 = 1
            _ = write(signalWakeFD, &one, 8)
        }
        let previousTerm = signal(SIGTERM, handler)
        let previousInt = signal(SIGINT, handler)
        defer {
            signal(SIGTERM, previousTerm)
            signal(SIGINT, previousInt)
            signalWakeFD = -1
        }
        guard registerShutdownWake(wake) else { return }
        ready?()
        var value: UInt64 = 0
        while read(wake, &value, 8) < 0 && errno == EINTR {}
        unregisterShutdownWake()
        core.logger.info("signal received; shutting down")
        beforeShutdown()
        shutdown(gracePeriod: configuration.shutdownGracePeriod)
    }
}
