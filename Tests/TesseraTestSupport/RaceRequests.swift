import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One answer of a raced request, as read off the wire.
public struct RaceResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is none).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `error.code` of an `{"error":{"code","message"}}` body.
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    /// `"201"` or `"409 cart_empty"`: what outcome assertions compare.
    public var outcome: String { errorCode.map { "\(status) \($0)" } ?? "\(status)" }
}

/// A raced request failed on the client's side (connect, write, read).
public struct RaceRequestError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

/// One request of a race, as it goes on the wire (`Connection: close` is added).
public struct RaceRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(_ method: String, _ path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    func bytes(port: Int) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}

/// Fires N HTTP requests (usually identical) at a server on 127.0.0.1 at once and collects the
/// answers.
///
/// Each request has its own thread and its own TCP connection, opened before the race starts.
/// Every thread sends all of its request but the last byte, then waits at a barrier; once all are
/// there, they are released together and send the last byte, so the server finishes parsing N
/// requests within microseconds of each other (last-byte synchronisation) and their handlers
/// overlap as much as the server's workers allow. Requests carry `Connection: close`; each answer
/// is read to the end of the connection.
public enum RaceRequests {
    /// `count` copies of `request` at once; the answers in request order.
    public static func fire(_ count: Int, _ request: RaceRequest, port: Int, timeout: TimeInterval = 30) throws
        -> [RaceResponse]
    {
        try fire(Array(repeating: request, count: count), port: port, timeout: timeout)
    }

    /// The answers in request order (index i is request i's). Throws when a request could not be
    /// sent or answered (never for an HTTP error status).
    public static func fire(_ requests: [RaceRequest], port: Int, timeout: TimeInterval = 30) throws -> [RaceResponse] {
        precondition(requests.count >= 2, "a race needs at least two requests")
        let count = requests.count
        let barrier = Barrier(count)
        let results = Answers()
        let finished = DispatchGroup()
        for index in 0..<count {
            let request = requests[index].bytes(port: port)
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                let outcome: Result<RaceResponse, RaceRequestError>
                do throws(RaceRequestError) {
                    let socket = try LoopbackSocket(port: port, timeout: timeout)
                    defer { socket.close() }
                    try socket.write(request[..<(request.count - 1)])
                    barrier.arriveAndWait()
                    try socket.write(request[(request.count - 1)...])
                    outcome = .success(try Self.parse(socket.readToEnd()))
                } catch {
                    // Arrive anyway (a no-op after the barrier), so the others are not held forever.
                    barrier.arriveAndWait()
                    outcome = .failure(error)
                }
                results.map.withLock { $0[index] = outcome }
            }
            thread.start()
        }
        guard finished.wait(timeout: .now() + timeout + 5) == .success else {
            throw RaceRequestError(description: "raced requests did not finish within \(Int(timeout)) s")
        }
        return try results.map.withLock { map in try (0..<count).map { try map[$0]!.get() } }
    }

    static func parse(_ bytes: [UInt8]) throws(RaceRequestError) -> RaceResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) }) else {
            throw RaceRequestError(description: "no complete response head in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RaceRequestError(description: "bad status line \"\(lines[0])\"")
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + 4)...])
        if let length = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }) {
            guard body.count >= length else {
                throw RaceRequestError(description: "body cut short: \(body.count) of \(length) bytes")
            }
            body = Array(body.prefix(length))
        }
        return RaceResponse(status: status, headers: headers, body: body)
    }
}

/// The answers collected by the racing threads, by request index.
final class Answers: Sendable {
    let map = Mutex<[Int: Result<RaceResponse, RaceRequestError>]>([:])
}

/// Releases `count` threads together: each calls `arriveAndWait()`, the last one to arrive lets
/// them all go. A second call by a thread that already passed returns at once.
final class Barrier: Sendable {
    private let state: Mutex<Int>
    private let gate = DispatchSemaphore(value: 0)
    private let count: Int

    init(_ count: Int) {
        self.count = count
        state = Mutex(0)
    }

    func arriveAndWait() {
        let arrived = state.withLock { n -> Int in
            n += 1
            return n
        }
        if arrived == count {
            for _ in 0..<(count - 1) { gate.signal() }
        } else if arrived < count {
            gate.wait()
        }
    }
}

/// A blocking TCP connection to 127.0.0.1 owned by one thread.
struct LoopbackSocket {
    let fd: Int32

    init(port: Int, timeout: TimeInterval) throws(RaceRequestError) {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RaceRequestError(description: "socket() failed: errno \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw RaceRequestError(description: "connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(RaceRequestError) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RaceRequestError(description: "send failed: errno \(errno)")
            }
            offset += written
        }
    }

    func readToEnd() throws(RaceRequestError) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return out }
            if n < 0 {
                if errno == EINTR { continue }
                throw RaceRequestError(description: "recv failed after \(out.count) bytes: errno \(errno)")
            }
            out += chunk[..<n]
        }
    }

    func close() { Glibc.close(fd) }
}
