/// A response body written while it is sent: the server runs `produce` on the worker thread that
/// ran the handler, after the head went out, and sends what it writes with chunked transfer coding
/// (RFC 9112 §7.1; HTTP/1.0 peers get the raw bytes and a closed connection). `write` blocks while
/// the peer is slow to read, so memory stays bounded however long the body is. The status and
/// headers are already sent when `produce` runs: if it throws, the connection is closed without
/// the last chunk, which tells the client the body is incomplete.
public struct HTTPBodyStream: Sendable {
    public let produce: @Sendable (HTTPBodyWriter) throws -> Void

    public init(_ produce: @escaping @Sendable (HTTPBodyWriter) throws -> Void) {
        self.produce = produce
    }
}

/// Where a streamed body goes. Bytes are gathered into chunks of about `chunkSize` before they
/// are framed and sent.
public final class HTTPBodyWriter {
    /// Thrown by `write` once the peer has gone; the producer should stop.
    public struct PeerGone: Error, Sendable {}

    static let chunkSize = 32_768
    private var pending: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    /// Body bytes handed to `write` so far.
    public private(set) var count = 0

    /// `sink` receives each gathered piece of the body (not yet framed).
    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        pending.reserveCapacity(Self.chunkSize)
    }

    public func write(_ bytes: [UInt8]) throws {
        count += bytes.count
        pending.append(contentsOf: bytes)
        if pending.count >= Self.chunkSize { try flush() }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Sends what is gathered now.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        try sink(pending)
        pending.removeAll(keepingCapacity: true)
    }
}

/// Chunked transfer coding framing (RFC 9112 §7.1): `size-in-hex CRLF data CRLF`, ended by `0 CRLF CRLF`.
enum ChunkedEncoding {
    static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array(String(data.count, radix: 16).utf8)
        out.reserveCapacity(out.count + data.count + 4)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        out.append(contentsOf: data)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        return out
    }

    static let last: [UInt8] = Array("0\r\n\r\n".utf8)
}
