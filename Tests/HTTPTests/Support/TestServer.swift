import Foundation
import HTTP
import TesseraLog
import XCTest

extension XCTestCase {
    /// Starts a server on 127.0.0.1:0, shut down when the test ends.
    func startServer(
        logger: Logger = Logger(label: "http-test", minimumLevel: .error),
        configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopThreads = 2
        configuration.workerThreads = 4
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, logger: logger, handler: handler)
        try server.start()
        addTeardownBlock { server.shutdown(gracePeriod: 2) }
        return server
    }
}

/// A one-shot gate a handler can block on until the test opens it.
final class Gate: @unchecked Sendable {  // Sendable because `open` is guarded by `condition`.
    private let condition = NSCondition()
    private var isOpen = false

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits up to `timeout`; returns whether the gate opened.
    @discardableResult
    func wait(timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !isOpen {
            if !condition.wait(until: deadline) { return isOpen }
        }
        return true
    }
}
