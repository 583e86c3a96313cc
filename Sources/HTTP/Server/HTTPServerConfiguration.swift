import Glibc

/// Tunables of an `HTTPServer`. Durations are in seconds.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind (IPv4 or IPv6 literal, or `localhost`).
    public var host: String = "0.0.0.0"
    /// Port to bind; 0 picks an ephemeral port (read it back from `HTTPServer.boundPort`).
    public var port: Int = 8080
    /// epoll event loop threads (each owns many connections).
    public var eventLoopThreads: Int = HTTPServerConfiguration.cores
    /// Worker threads running handlers; bounds how many handlers run at once.
    public var workerThreads: Int = 2 * HTTPServerConfiguration.cores + 2
    /// Request line plus headers (and, separately, chunked trailers) beyond this → 431.
    public var maxHeaderBytes: Int = 16_384
    /// Request body beyond this → 413.
    public var maxBodyBytes: Int = 1_048_576
    /// From a request's first byte until its head is complete → else 408 and close.
    public var headerTimeout: Double = 10
    /// From the end of the head until the body is complete → else 408 and close.
    public var bodyTimeout: Double = 30
    /// A keep-alive connection with no request in progress is closed silently after this;
    /// also bounds how long a client may stall reading a response.
    public var idleTimeout: Double = 60
    /// Connections beyond this are accepted and closed at once.
    public var maxConnections: Int = 65_536
    /// Grace period used by `runUntilSignal()`.
    public var shutdownGracePeriod: Double = 10
    /// Whether to write one access-log line per request (at info level).
    public var accessLog: Bool = true
    /// listen(2) backlog.
    public var backlog: Int32 = 4_096

    public init() {}

    public init(host: String = "0.0.0.0", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    /// Online CPU count.
    public static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
