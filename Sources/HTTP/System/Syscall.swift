import Glibc

/// Outcome of a nonblocking read or write.
enum IOResult: Equatable {
    case bytes(Int)
    case wouldBlock
    case endOfFile
    case failed(Int32)
}

/// Thin syscall wrappers: retry `EINTR`, turn would-block into a value, trap on errnos that
/// can only mean a bug in this module (`EBADF`, `EFAULT`).
enum Syscall {
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfFile }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("read(\(fd)) failed with errno \(code): a bug in HTTP")
            default: return .failed(code)
            }
        }
    }

    /// Writes up to two buffers in one `sendmsg` (no SIGPIPE on a closed peer).
    static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> IOResult {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        let count = second.isEmpty ? 1 : 2
        return withUnsafeMutableBytes(of: &vectors) { raw in
            var message = msghdr()
            message.msg_iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = count
            while true {
                let n = sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                if n >= 0 { return .bytes(n) }
                let code = errno
                switch code {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .wouldBlock
                case EBADF, EFAULT: preconditionFailure("sendmsg(\(fd)) failed with errno \(code): a bug in HTTP")
                default: return .failed(code)
                }
            }
        }
    }

    static func close(_ fd: Int32) {
        // Linux always releases the descriptor, even when close reports EINTR: never retry.
        if Glibc.close(fd) != 0 && errno == EBADF {
            preconditionFailure("close(\(fd)) failed with EBADF: a bug in HTTP")
        }
    }

    /// Adds one to an eventfd counter (wakes an epoll loop).
    static func signalEventFD(_ fd: Int32) {
        var one: UInt64 = 1
        while Glibc.write(fd, &one, 8) < 0 && errno == EINTR {}
    }

    /// Resets an eventfd counter.
    static func drainEventFD(_ fd: Int32) {
        var value: UInt64 = 0
        while Glibc.read(fd, &value, 8) < 0 && errno == EINTR {}
    }
}

/// The errno text for messages.
func errnoDescription(_ code: Int32) -> String {
    String(cString: strerror(code))
}
