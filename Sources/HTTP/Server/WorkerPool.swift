import Foundation

/// A request parsed by an event loop, waiting for a worker.
struct Job: Sendable {
    let connection: Connection
    let request: HTTPRequest
    let keepAlive: Bool
    let versionMinor: Int
    /// Monotonic time when the request was complete (for `duration_ms`).
    let receivedAt: UInt64
    /// A deferred response's work: run instead of the handler (`HTTPDeferredResponse`).
    var produce: HTTPDeferredResponse.Produce? = nil
}

/// A fixed set of threads running handlers; handlers are synchronous and may block, so the pool
/// (not the event loops) bounds how many run at once. Jobs wait in a FIFO under one mutex.
///
/// Hand-off cost, measured with wrk at 64 connections: about 0.4 context switches per request
/// (workers park on the condition variable; a signal is sent only when a worker is idle). The
/// way back needs no wake-up at all: the worker writes the response to the socket itself.
// Sendable because `queue`, `idle` and `stopping` are guarded by `condition`.
final class WorkerPool: @unchecked Sendable {
    typealias Work = @Sendable (Job, UnsafeMutableRawBufferPointer) -> Void

    private let condition = ConditionLock()
    private var queue = JobQueue()
    private var idle = 0
    private var stopping = false
    private let exited: CountdownLatch
    private let threadCount: Int

    /// Bytes of per-thread scratch memory (reads done on a worker when a connection resumes).
    static let scratchSize = 16_384

    init(threadCount: Int, name: String, work: @escaping Work) {
        self.threadCount = max(1, threadCount)
        exited = CountdownLatch(count: self.threadCount)
        for index in 0..<self.threadCount {
            let thread = Thread { [self] in
                let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
                defer { scratch.deallocate() }
                runWorker(work: work, scratch: scratch)
                exited.countDown()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Queues a job; wakes one idle worker if there is one.
    func submit(_ job: Job) {
        condition.lock()
        queue.push(job)
        if idle > 0 { condition.signal() }
        condition.unlock()
    }

    /// Lets workers finish their current job, drops queued ones, and waits for the threads until the deadline.
    @discardableResult
    func stop(untilMonotonic deadline: UInt64) -> Bool {
        condition.lock()
        stopping = true
        queue = JobQueue()
        condition.broadcast()
        condition.unlock()
        return exited.wait(untilMonotonic: deadline)
    }

    private func runWorker(work: Work, scratch: UnsafeMutableRawBufferPointer) {
        condition.lock()
        while true {
            while queue.isEmpty && !stopping {
                idle += 1
                condition.wait()
                idle -= 1
            }
            if stopping { break }
            let job = queue.pop()!
            condition.unlock()
            work(job, scratch)
            condition.lock()
        }
        condition.unlock()
    }
}

/// A growable ring buffer of jobs (FIFO) that never shifts elements.
struct JobQueue {
    private var storage: [Job?] = Array(repeating: nil, count: 64)
    private var head = 0
    private var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func push(_ job: Job) {
        if count == storage.count {
            var grown: [Job?] = Array(repeating: nil, count: storage.count * 2)
            for i in 0..<count { grown[i] = storage[(head + i) % storage.count] }
            storage = grown
            head = 0
        }
        storage[(head + count) % storage.count] = job
        count += 1
    }

    mutating func pop() -> Job? {
        guard count > 0 else { return nil }
        let job = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return job
    }
}
