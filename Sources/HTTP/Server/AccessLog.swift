import Foundation
import Glibc
import TesseraLog

/// The server's access log, formatted and written by a thread of its own. An event loop that
/// answers from memory so never waits on standard error (a stalled journald or pipe reader) or
/// spends its time formatting JSON, and many lines go out in one write(2). At most `capacity`
/// lines wait; more are dropped, counted, and the count logged as a warning once the writer
/// catches up. A line recorded after `stop()` (a handler abandoned past the grace period) is
/// written at once.
final class AccessLog: @unchecked Sendable {  // Sendable because every `var` is guarded by `condition`.
    struct Record: Sendable {
        var method: String
        var path: String
        var status: Int
        var durationNanoseconds: UInt64
        var requestID: String
        var bytes: Int
        var at: timespec
    }

    private let logger: Logger
    private let capacity: Int
    private let condition = NSCondition()
    private var pending: [Record] = []
    private var dropped = 0
    private var running = false
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(logger: Logger, capacity: Int = 65_536) {
        self.logger = logger
        self.capacity = capacity
    }

    func start() {
        condition.lock()
        running = true
        condition.unlock()
        let thread = Thread { [self] in run() }
        thread.name = "http-access-log"
        thread.start()
    }

    func append(_ record: Record) {
        condition.lock()
        guard running, !stopping else {
            condition.unlock()
            return logger.write(Array(line(record).utf8))
        }
        if pending.count >= capacity {
            dropped += 1
        } else {
            pending.append(record)
            if pending.count == 1 { condition.signal() }
        }
        condition.unlock()
    }

    /// Writes what is still waiting and ends the thread; returns when it has, or after
    /// `timeout` seconds if the log's reader is stalled (the rest is then lost with the process).
    func stop(timeout: Double = 5) {
        condition.lock()
        let wasRunning = running && !stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if wasRunning { _ = finished.wait(timeout: .now() + timeout) }
    }

    private func run() {
        var batch: [Record] = []
        condition.lock()
        while true {
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty { break }
            swap(&batch, &pending)
            let lost = dropped
            dropped = 0
            condition.unlock()
            var bytes: [UInt8] = []
            bytes.reserveCapacity(batch.count * 200)
            for record in batch { bytes.append(contentsOf: line(record).utf8) }
            batch.removeAll(keepingCapacity: true)
            logger.write(bytes)
            if lost > 0 { logger.warning("access log lines dropped", [("lines", .int(Int64(lost)))]) }
            condition.lock()
        }
        condition.unlock()
        finished.signal()
    }

    private func line(_ record: Record) -> String {
        logger.line(
            .info, "request",
            [
                ("method", .string(record.method)),
                ("path", .string(record.path)),
                ("status", .int(Int64(record.status))),
                ("duration_ms", .double(Double(record.durationNanoseconds / 1_000) / 1_000)),
                ("request_id", .string(record.requestID)),
                ("bytes", .int(Int64(record.bytes))),
            ], at: record.at)
    }
}
