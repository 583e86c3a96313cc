import CTesseraSystem
import Foundation
import Glibc
import Synchronization

/// epoll flag values from <sys/epoll.h> (imported enums are awkward to combine in Swift).
enum EpollFlags {
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let readHangUp: UInt32 = 0x2000
    static let exclusive: UInt32 = 1 << 28
    static let edgeTriggered: UInt32 = 1 << 31
    static let add: Int32 = 1
    static let delete: Int32 = 2
}

/// One epoll thread owning many connections. Connections are registered once, edge-triggered for
/// input and output, so steady-state traffic needs no `epoll_ctl`. Workers write responses
/// themselves; they wake the loop (eventfd, coalesced) only to close a connection.
///
/// The loop that accepts a connection gives it to the loop with the fewest (`load`): a burst of
/// connections would otherwise land on whichever loop woke first, and with inline answers a
/// loop's share of connections is its share of the work.
final class EventLoop: @unchecked Sendable {
    // Sendable because: `connections`, `liveCount`, `draining`, `nextSerial` and `scratch` are only
    // touched on the loop's own thread; `commands`, `wakeScheduled` and `stopped` are guarded by `commandLock`.
    enum Command {
        case close(Connection)
        /// A connection another loop accepted for this one.
        case adopt(Int32, String)
        /// Service a connection again: it gave the loop back after a burst of inline answers.
        case resume(Connection)
        case drain(CountdownLatch)
        case forceClose
    }

    let index: Int
    let core: ServerCore
    let epollFD: Int32
    private let wakeFD: Int32
    private let listenFD: Int32

    private var connections: [Connection?] = []
    private var liveCount = 0
    private var draining = false
    private var nextSerial: UInt64 = 0
    /// Set while accepting is paused after EMFILE/ENFILE (the level-triggered listener would spin otherwise).
    private var acceptPaused = false
    private let scratch: UnsafeMutableRawBufferPointer

    /// Connections this loop owns or has been handed; read by the accepting loops.
    let load = Atomic<Int>(0)

    private let commandLock = Lock()
    private var commands: [Command] = []
    private var wakeScheduled = false
    private var stopped = false

    private static let wakeToken = UInt64.max
    private static let listenToken = UInt64.max - 1

    init(index: Int, core: ServerCore, listenFD: Int32) throws(HTTPServerError) {
        self.index = index
        self.core = core
        self.listenFD = listenFD
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw HTTPServerError(.eventLoop, "epoll_create1 failed", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            Glibc.close(epollFD)
            throw HTTPServerError(.eventLoop, "eventfd failed", errno: code)
        }
        scratch = .allocate(byteCount: 65_536, alignment: 16)
        guard tessera_epoll_ctl(epollFD, EpollFlags.add, wakeFD, EpollFlags.input, Self.wakeToken) == 0,
            // EPOLLEXCLUSIVE: one loop wakes per incoming connection instead of all of them.
            tessera_epoll_ctl(
                epollFD, EpollFlags.add, listenFD, EpollFlags.input | EpollFlags.exclusive, Self.listenToken) == 0
        else {
            let code = errno
            Glibc.close(wakeFD)
            Glibc.close(epollFD)
            scratch.deallocate()
            throw HTTPServerError(.eventLoop, "epoll_ctl failed", errno: code)
        }
    }

    deinit {
        scratch.deallocate()
    }

    /// Queues a command for the loop thread and wakes it (one eventfd write per batch); false
    /// when the loop has stopped (the command is dropped).
    @discardableResult
    func post(_ command: Command) -> Bool {
        commandLock.lock()
        if stopped {
            commandLock.unlock()
            return false
        }
        commands.append(command)
        let needsWake = !wakeScheduled
        wakeScheduled = true
        if needsWake { Syscall.signalEventFD(wakeFD) }
        commandLock.unlock()
        return true
    }

    /// Asks the loop to close a connection (called by workers).
    func requestClose(_ connection: Connection) {
        post(.close(connection))
    }

    // MARK: Loop thread

    /// The thread body: returns when drained or force-closed.
    func run() {
        let maxEvents = 256
        var tokens = [UInt64](repeating: 0, count: maxEvents)
        var events = [UInt32](repeating: 0, count: maxEvents)
        let tick = core.timerTick
        var nextScan = MonotonicClock.now() &+ tick
        var running = true
        while running {
            let timeoutMs = Int32(max(1, tick / 1_000_000))
            let n = tokens.withUnsafeMutableBufferPointer { t in
                events.withUnsafeMutableBufferPointer { e in
                    tessera_epoll_wait(epollFD, t.baseAddress, e.baseAddress, Int32(maxEvents), timeoutMs)
                }
            }
            if n < 0 && errno != EINTR {
                core.logger.error("epoll_wait failed", [("errno", .int(Int64(errno)))])
            }
            for i in 0..<max(0, Int(n)) {
                let token = tokens[i]
                if token == Self.listenToken {
                    acceptConnections()
                } else if token == Self.wakeToken {
                    if !runCommands() { running = false }
                } else {
                    handleEvent(token: token, events: events[i])
                }
            }
            let now = MonotonicClock.now()
            if now >= nextScan {
                scanDeadlines(now: now)
                nextScan = now &+ tick
                if acceptPaused && !draining {
                    acceptPaused = false
                    _ = tessera_epoll_ctl(
                        epollFD, EpollFlags.add, listenFD, EpollFlags.input | EpollFlags.exclusive, Self.listenToken)
                }
            }
            if draining && liveCount == 0 { running = false }
        }
        finish()
    }

    private func handleEvent(token: UInt64, events: UInt32) {
        let fd = Int(token & 0xFFFF_FFFF)
        guard fd < connections.count, let connection = connections[fd], connection.token == token else { return }
        connection.lock.lock()
        // EPOLLERR/EPOLLHUP surface as a read error or end-of-file.
        let disposition = connection.service(readable: true, scratch: scratch)
        connection.lock.unlock()
        if disposition == .close { close(connection) }
    }

    private func acceptConnections() {
        while true {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    tessera_accept4(listenFD, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO: continue
                case EAGAIN, EWOULDBLOCK: return
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    core.logger.warning(
                        "accept failed: out of descriptors or memory; pausing accepts", [("errno", .int(Int64(errno)))])
                    _ = tessera_epoll_ctl(epollFD, EpollFlags.delete, listenFD, 0, 0)
                    acceptPaused = true
                    return
                default:
                    return
                }
            }
            guard !draining, core.reserveConnectionSlot() else {
                Glibc.close(fd)
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let remote = Self.describe(&address)
            let target = core.leastLoadedLoop(preferring: self)
            target.load.add(1, ordering: .relaxed)
            if target === self {
                register(fd: fd, remoteAddress: remote)
            } else if !target.post(.adopt(fd, remote)) {
                target.load.subtract(1, ordering: .relaxed)
                Glibc.close(fd)
                core.releaseConnectionSlot()
            }
        }
    }

    private func register(fd: Int32, remoteAddress: String) {
        nextSerial += 1
        // The serial in the upper bits lets a stale event for a reused descriptor be recognised.
        let token = UInt64(UInt32(fd)) | (nextSerial << 32)
        let connection = Connection(
            fd: fd, token: token, remoteAddress: remoteAddress, loop: self,
            idPrefix: RequestID.connectionPrefix(loop: index, serial: nextSerial), limits: core.limits)
        if Int(fd) >= connections.count {
            connections.append(
                contentsOf: repeatElement(nil, count: max(Int(fd) + 1 - connections.count, connections.count)))
        }
        connections[Int(fd)] = connection
        liveCount += 1
        connection.lock.lock()
        let disposition = connection.service(readable: false, scratch: scratch)
        connection.lock.unlock()
        let events = EpollFlags.input | EpollFlags.output | EpollFlags.readHangUp | EpollFlags.edgeTriggered
        if tessera_epoll_ctl(epollFD, EpollFlags.add, fd, events, token) != 0 || disposition == .close {
            close(connection)
        }
    }

    /// Closes on the loop thread only, so a descriptor number is never reused while another thread may use it.
    private func close(_ connection: Connection) {
        connection.lock.lock()
        let wasOpen = !connection.closed
        if wasOpen {
            connection.closed = true
            Syscall.close(connection.fd)
        }
        connection.lock.unlock()
        guard wasOpen else { return }
        let fd = Int(connection.fd)
        if fd < connections.count, connections[fd] === connection { connections[fd] = nil }
        liveCount -= 1
        load.subtract(1, ordering: .relaxed)
        core.releaseConnectionSlot()
    }

    /// Returns false when the loop must stop.
    private func runCommands() -> Bool {
        Syscall.drainEventFD(wakeFD)
        commandLock.lock()
        let batch = commands
        commands.removeAll(keepingCapacity: true)
        wakeScheduled = false
        commandLock.unlock()
        var keepRunning = true
        for command in batch {
            switch command {
            case .close(let connection):
                close(connection)
            case .adopt(let fd, let remote):
                if draining {
                    Glibc.close(fd)
                    load.subtract(1, ordering: .relaxed)
                    core.releaseConnectionSlot()
                } else {
                    register(fd: fd, remoteAddress: remote)
                }
            case .resume(let connection):
                connection.lock.lock()
                let disposition = connection.service(readable: false, scratch: scratch)
                connection.lock.unlock()
                if disposition == .close { close(connection) }
            case .drain(let latch):
                if !draining {
                    draining = true
                    _ = tessera_epoll_ctl(epollFD, EpollFlags.delete, listenFD, 0, 0)
                    forEachConnection { connection in
                        connection.lock.lock()
                        let disposition = connection.drain()
                        connection.lock.unlock()
                        if disposition == .close { close(connection) }
                    }
                }
                latch.countDown()
            case .forceClose:
                forEachConnection { close($0) }
                keepRunning = false
            }
        }
        return keepRunning
    }

    private func scanDeadlines(now: UInt64) {
        forEachConnection { connection in
            connection.lock.lock()
            let disposition = connection.checkDeadline(now: now, scratch: scratch)
            connection.lock.unlock()
            if disposition == .close { close(connection) }
        }
    }

    private func forEachConnection(_ body: (Connection) -> Void) {
        guard liveCount > 0 else { return }
        for fd in connections.indices {
            if let connection = connections[fd] { body(connection) }
        }
    }

    private func finish() {
        forEachConnection { close($0) }
        closeDescriptors()
    }

    /// Stops accepting commands and closes the loop's own descriptors (also used when `start()` fails).
    func closeDescriptors() {
        commandLock.lock()
        stopped = true
        let dropped = commands
        commands.removeAll()
        commandLock.unlock()
        // Connections handed over but never adopted are closed here, not leaked.
        for case .adopt(let fd, _) in dropped {
            Glibc.close(fd)
            core.releaseConnectionSlot()
        }
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
    }

    static func describe(_ address: inout sockaddr_storage) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(address.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            }
        default:
            return "unknown"
        }
    }
}
