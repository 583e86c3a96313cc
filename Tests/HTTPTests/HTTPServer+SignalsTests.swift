import Foundation
import Glibc
import XCTest

@testable import HTTP

final class HTTPServerSignalsTests: XCTestCase {
    private func runUntilSignalReturnsAfter(_ signalNumber: Int32) throws {
        let server = try startServer { _ in .text("ok") }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)

        let ready = Gate()
        let returned = expectation(description: "runUntilSignal returned")
        Thread.detachNewThread {
            server.runUntilSignal(ready: { ready.open() })
            returned.fulfill()
        }
        XCTAssertTrue(ready.wait())
        kill(getpid(), signalNumber)
        wait(for: [returned], timeout: 10)
        XCTAssertTrue(try client.readsEndOfFile(), "idle connection closed by the graceful shutdown")
        XCTAssertThrowsError(try RawHTTPClient(port: server.boundPort), "listener closed")
    }

    func test_runUntilSignal_SIGTERM_shutsDownAndReturns() throws {
        try runUntilSignalReturnsAfter(SIGTERM)
    }

    func test_runUntilSignal_SIGINT_shutsDownAndReturns() throws {
        try runUntilSignalReturnsAfter(SIGINT)
    }

    func test_runUntilSignal_returnsWhenShutdownIsCalledElsewhere() throws {
        let server = try startServer { _ in .text("ok") }
        let ready = Gate()
        let returned = expectation(description: "runUntilSignal returned")
        Thread.detachNewThread {
            server.runUntilSignal(ready: { ready.open() })
            returned.fulfill()
        }
        XCTAssertTrue(ready.wait())
        server.shutdown(gracePeriod: 1)
        wait(for: [returned], timeout: 10)
    }
}
