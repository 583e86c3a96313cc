import Foundation
import HTTP
import Synchronization
import XCTest

final class HTTPDeferredResponseTests: XCTestCase {
    /// The deferred responses handed out, in arrival order.
    private final class Waiting: Sendable {
        let list = Mutex<[HTTPDeferredResponse]>([])
        func add(_ d: HTTPDeferredResponse) { list.withLock { $0.append(d) } }
        var count: Int { list.withLock { $0.count } }
        func take() -> [HTTPDeferredResponse] { list.withLock { all in defer { all = [] }; return all } }
    }

    private func waitUntil(_ condition: () -> Bool, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(10)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertTrue(condition(), "condition not met within 10 s", line: line)
    }

    func test_waitingRequests_holdNoWorker_andEachGetsItsAnswerWhenResolved() throws {
        let waiting = Waiting()
        let server = try startServer(configure: { $0.workerThreads = 1 }) { request in
            guard request.path == "/wait" else { return .text("plain") }
            let deferred = HTTPDeferredResponse()
            waiting.add(deferred)
            return .deferred(deferred)
        }
        let clients = try (0..<10).map { _ in try RawHTTPClient(port: server.boundPort) }
        for (i, client) in clients.enumerated() { try client.send("GET /wait?n=\(i) HTTP/1.1\r\nHost: t\r\n\r\n") }
        waitUntil { waiting.count == 10 }
        // Ten requests wait and the only worker is free: a plain request is answered meanwhile.
        let other = try RawHTTPClient(port: server.boundPort)
        try other.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try other.readResponse().bodyText, "plain")

        for (i, deferred) in waiting.take().enumerated() {
            XCTAssertTrue(deferred.resolve { .text("answer \(i)") })
            XCTAssertFalse(deferred.resolve { .text("second") }, "only the first resolve counts")
        }
        var answers: [String] = []
        for client in clients { answers.append(try client.readResponse().bodyText) }
        XCTAssertEqual(Set(answers), Set((0..<10).map { "answer \($0)" }))
        // The connections are kept alive.
        try clients[0].send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try clients[0].readResponse().bodyText, "plain")
    }

    func test_resolvedBeforeTheServerAttaches_answersAtOnce() throws {
        let server = try startServer { _ in
            let deferred = HTTPDeferredResponse()
            deferred.resolve { .text("ready") }
            return .deferred(deferred)
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText, "ready")
    }

    func test_theAnswersWork_mayWaitAgain_andPipelinedRequestsKeepTheirOrder() throws {
        let waiting = Waiting()
        let server = try startServer { request in
            guard request.path == "/wait" else { return .text("second") }
            let first = HTTPDeferredResponse()
            waiting.add(first)
            return .deferred(first)
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\nGET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        waitUntil { waiting.count == 1 }
        // The work finds nothing new yet and waits once more.
        waiting.take()[0].resolve {
            let again = HTTPDeferredResponse()
            waiting.add(again)
            return .deferred(again)
        }
        waitUntil { waiting.count == 1 }
        waiting.take()[0].resolve { .text("first") }
        XCTAssertEqual(try client.readResponse().bodyText, "first")
        XCTAssertEqual(try client.readResponse().bodyText, "second")
    }

    func test_aPeerThatLeftWhileWaiting_isForgotten_andTheServerGoesOn() throws {
        let waiting = Waiting()
        let server = try startServer(configure: { $0.workerThreads = 1 }) { request in
            guard request.path == "/wait" else { return .text("plain") }
            let deferred = HTTPDeferredResponse()
            waiting.add(deferred)
            return .deferred(deferred)
        }
        do {
            let leaving = try RawHTTPClient(port: server.boundPort)
            try leaving.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n")
            waitUntil { waiting.count == 1 }
        }  // closed here
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertTrue(waiting.take()[0].resolve { .text("nobody reads this") })
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText, "plain")
    }
}
