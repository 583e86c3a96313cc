/// Why an `HTTPServer` could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `host` is not an IP literal or `localhost`.
        case invalidAddress
        /// socket, setsockopt, bind or listen failed (see `errno`).
        case socket
        /// epoll or eventfd could not be created.
        case eventLoop
        /// `start()` was called twice, or after shutdown.
        case invalidState
    }

    public let kind: Kind
    /// The errno of the failing call, if any.
    public let errno: Int32?
    public let message: String

    init(_ kind: Kind, _ message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    public var description: String {
        if let errno { return "\(message): \(errnoDescription(errno)) (errno \(errno))" }
        return message
    }
}
