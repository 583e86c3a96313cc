import CTesseraSystem
import Glibc

/// Creates the nonblocking listening socket.
enum Listener {
    /// Returns the descriptor and the bound port.
    static func open(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> (Int32, Int) {
        guard (0...65_535).contains(port) else {
            throw HTTPServerError(.invalidAddress, "Port \(port) is out of range")
        }
        let literal = host == "localhost" ? "127.0.0.1" : host
        var storage = sockaddr_storage()
        var length: socklen_t
        let family: Int32
        if withUnsafeMutablePointer(
            to: &storage,
            { p in
                p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    sin.pointee.sin_family = sa_family_t(AF_INET)
                    sin.pointee.sin_port = in_port_t(UInt16(port)).bigEndian
                    return inet_pton(AF_INET, literal, &sin.pointee.sin_addr) == 1
                }
            })
        {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if withUnsafeMutablePointer(
            to: &storage,
            { p in
                p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                    sin6.pointee.sin6_port = in_port_t(UInt16(port)).bigEndian
                    return inet_pton(AF_INET6, literal, &sin6.pointee.sin6_addr) == 1
                }
            })
        {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            throw HTTPServerError(.invalidAddress, "Host \(host) is not an IP address")
        }

        let fd = socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError(.socket, "socket failed", errno: errno) }
        func fail(_ what: String) -> HTTPServerError {
            let code = errno
            Glibc.close(fd)
            return HTTPServerError(.socket, "\(what) failed for \(host):\(port)", errno: code)
        }
        var one: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw fail("setsockopt(SO_REUSEADDR)")
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw fail("bind") }
        guard listen(fd, backlog) == 0 else { throw fail("listen") }
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var actual = sockaddr_storage()
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw fail("getsockname") }
        let boundPort = withUnsafePointer(to: &actual) { p -> Int in
            if family == AF_INET {
                return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin_port))
                }
            }
            return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin6_port))
            }
        }
        return (fd, boundPort)
    }
}
