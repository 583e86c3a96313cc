import Foundation

/// A fixed set of dedicated threads for blocking work handed over by async callers, so that
/// libpq never blocks a thread of Swift concurrency's cooperative pool.
final class BlockingExecutor: @unchecked Sendable {
    // `jobs`, `threadCount`, `idleThreads` and `isShutDown` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var threadCount = 0
    private var idleThreads = 0
    private var isShutDown = false
    private let maxThreads: Int
    private let name: String

    /// Marks the executor's own threads (a pthread key: independent of Foundation's thread names).
    private static let marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling thread is one of a BlockingExecutor's threads.
    static var isExecutorThread: Bool { pthread_getspecific(marker) != nil }

    init(maxThreads: Int, name: String) {
        self.maxThreads = max(1, maxThreads)
        self.name = name
    }

    /// Queues `job`; starts another thread if all are busy and the limit allows. False after shutdown.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        guard !isShutDown else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        let startThread = idleThreads < jobs.count && threadCount < maxThreads
        if startThread { threadCount += 1 }
        condition.signal()
        let index = threadCount
        condition.unlock()
        if startThread {
            let threadName = "\(name)-\(index)"
            let thread = Thread { [self] in
                // Set from inside: on Linux a name assigned before start() is not always applied.
                Thread.current.name = threadName
                pthread_setspecific(Self.marker, UnsafeRawPointer(bitPattern: 1))
                self.workLoop()
            }
            thread.start()
        }
        return true
    }

    /// Lets queued jobs finish, then ends the threads. Later `submit` calls return false.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func workLoop() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            if isShutDown { break }
            idleThreads += 1
            condition.wait()
            idleThreads -= 1
        }
        threadCount -= 1
        condition.unlock()
    }
}
