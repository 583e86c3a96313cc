import Glibc

/// A non-recursive pthread mutex.
final class Lock: @unchecked Sendable {  // Sendable because the pthread mutex is the synchronisation itself.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always) func lock() { pthread_mutex_lock(mutex) }
    @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }

    @inline(__always)
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A mutex paired with a condition variable whose timed waits use the monotonic clock.
final class ConditionLock: @unchecked Sendable {  // Sendable because the mutex/condvar pair is the synchronisation.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    @inline(__always) func lock() { pthread_mutex_lock(mutex) }
    @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }
    @inline(__always) func signal() { pthread_cond_signal(condition) }
    @inline(__always) func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits (lock held) until signalled.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits (lock held) until signalled or the monotonic deadline passes; returns false on timeout.
    @discardableResult
    func wait(untilMonotonic deadline: UInt64) -> Bool {
        var ts = timespec()
        ts.tv_sec = Int(deadline / 1_000_000_000)
        ts.tv_nsec = Int(deadline % 1_000_000_000)
        return pthread_cond_timedwait(condition, mutex, &ts) == 0
    }
}

/// A value that is only read or written while holding its lock.
final class LockedBox<Value>: @unchecked Sendable {  // Sendable because `value` is only touched inside `lock`.
    private let lock = Lock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    @inline(__always)
    func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Opens once its count reaches zero; used to wait for threads to finish.
final class CountdownLatch: @unchecked Sendable {  // Sendable because `count` is guarded by `condition`.
    private let condition = ConditionLock()
    private var count: Int

    init(count: Int) { self.count = count }

    func countDown() {
        condition.lock()
        count -= 1
        if count <= 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until the count is zero or the monotonic deadline passes; returns whether it reached zero.
    @discardableResult
    func wait(untilMonotonic deadline: UInt64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count > 0 {
            if MonotonicClock.now() >= deadline { return false }
            condition.wait(untilMonotonic: deadline)
        }
        return true
    }
}
