import Foundation
import Glibc
import HTTP
import TesseraLog
import XCTest

/// The inline handler (answers from memory on the event loop) and how loops share connections.
final class InlineAnswerTests: XCTestCase {
    /// `/fast/…` is answered inline with the answering thread's id; `/fast/decline` (nil inline)
    /// and `/wait` go to a worker, `/wait` until `gate` opens.
    private func server(loops: Int = 2, gate: Gate = Gate()) throws -> HTTPServer {
        var router = Router()
        router.add(
            .GET, "/fast/{id}",
            inline: { _, p in p["id"] == "decline" ? nil : .text("inline \(pthread_self())") }
        ) { _, _ in .text("worker \(pthread_self())") }
        router.add(.GET, "/wait") { _, _ in
            gate.wait()
            return .text("worker \(pthread_self())")
        }
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopThreads = loops
        configuration.workerThreads = 2
        let server = HTTPServer(
            configuration: configuration, logger: Logger(label: "t", minimumLevel: .error), router: router)
        try server.start()
        addTeardownBlock {
            gate.open()
            server.shutdown(gracePeriod: 1)
        }
        return server
    }

    /// Every worker is held by a handler that blocks: the inline answer still comes, the
    /// declined one waits for a worker.
    func test_inlineAnswer_doesNotWaitForWorkers_andNilGoesToOne() throws {
        let gate = Gate()
        let port = try server(gate: gate).boundPort
        let blocked = try (0..<2).map { _ in try RawHTTPClient(port: port) }
        for client in blocked { try client.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n") }
        Thread.sleep(forTimeInterval: 0.2)

        let client = try RawHTTPClient(port: port, timeout: 5)
        try client.send("GET /fast/1 HTTP/1.1\r\nHost: t\r\n\r\n")
        let inline = try client.readResponse()
        XCTAssertEqual(inline.status, 200)
        XCTAssertTrue(inline.bodyText.hasPrefix("inline "), inline.bodyText)
        XCTAssertNotNil(inline.header("X-Request-Id"))
        XCTAssertNotNil(inline.header("Date"))

        try client.send("GET /fast/decline HTTP/1.1\r\nHost: t\r\n\r\n")
        gate.open()
        XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("worker "))
        for client in blocked { XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("worker ")) }
    }

    /// An inline answer behind a worker's must wait its turn: responses leave in request order.
    func test_pipelinedInlineAndWorkerAnswers_keepRequestOrder() throws {
        let gate = Gate()
        let client = try RawHTTPClient(port: try server(gate: gate).boundPort)
        try client.send(
            "GET /wait HTTP/1.1\r\nHost: t\r\n\r\nGET /fast/2 HTTP/1.1\r\nHost: t\r\n\r\nGET /fast/3 HTTP/1.1\r\nHost: t\r\n\r\nGET /fast/decline HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        Thread.sleep(forTimeInterval: 0.1)
        gate.open()
        XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("worker"))
        XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("inline"))
        XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("inline"))
        XCTAssertTrue(try client.readResponse().bodyText.hasPrefix("worker"))
    }

    /// A client pipelining cached requests without pause gets a burst of answers, then the loop
    /// serves the others: with the loop held while both clients send (the greedy one first, so
    /// epoll reports it first), the second is answered within the greedy one's first burst, and
    /// the greedy one still gets all of its answers, in order.
    func test_aLongInlinePipeline_letsTheLoopServeOtherConnections() throws {
        let answered = LockedList()
        let holding = DispatchSemaphore(value: 0)
        let release = Gate()
        var router = Router()
        router.add(
            .GET, "/seen/{id}",
            inline: { _, p in
                if p["id"] == "hold" {
                    holding.signal()
                    release.wait()
                } else {
                    answered.append(p["id"] ?? "")
                }
                return .text(p["id"] ?? "")
            }
        ) { _, _ in .text("worker") }
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopThreads = 1
        let server = HTTPServer(
            configuration: configuration, logger: Logger(label: "t", minimumLevel: .error), router: router)
        try server.start()
        addTeardownBlock {
            release.open()
            server.shutdown(gracePeriod: 1)
        }

        let holder = try RawHTTPClient(port: server.boundPort)
        let greedy = try RawHTTPClient(port: server.boundPort, timeout: 5)
        let other = try RawHTTPClient(port: server.boundPort, timeout: 5)
        // The loop is held in the first request's handler while the other two clients send.
        try holder.send("GET /seen/hold HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(holding.wait(timeout: .now() + 5), .success)
        let count = 100
        try greedy.send((0..<count).map { "GET /seen/a\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        Thread.sleep(forTimeInterval: 0.05)
        try other.send("GET /seen/b HTTP/1.1\r\nHost: t\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        release.open()

        XCTAssertEqual(try holder.readResponse().bodyText, "hold")
        XCTAssertEqual(try other.readResponse().bodyText, "b")
        for i in 0..<count { XCTAssertEqual(try greedy.readResponse().bodyText, "a\(i)") }
        let order = answered.values
        let position = try XCTUnwrap(order.firstIndex(of: "b"))
        XCTAssertLessThanOrEqual(position, 16, "b waited behind \(position) of the other client's answers")
    }

    func test_inlineAnswer_honoursHEADAndConnectionClose() throws {
        let port = try server().boundPort
        let head = try RawHTTPClient(port: port)
        try head.send("HEAD /fast/1 HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try head.readResponse(forHEAD: true)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body.count, 0)
        XCTAssertNotEqual(response.header("Content-Length"), "0", "HEAD carries GET's length")

        let closing = try RawHTTPClient(port: port)
        try closing.send("GET /fast/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(try closing.readResponse().header("Connection"), "close")
        XCTAssertTrue(try closing.readsEndOfFile())
    }

    /// Connections opened one after another go to the loop with the fewest: with two loops, eight
    /// connections are answered four by each loop thread (a burst lands on one loop without the
    /// hand-off).
    func test_connections_areSharedEvenlyAmongLoops() throws {
        let port = try server(loops: 2).boundPort
        func open() throws -> (client: RawHTTPClient, loop: String) {
            let client = try RawHTTPClient(port: port)
            try client.send("GET /fast/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            return (client, String(try client.readResponse().bodyText.dropFirst("inline ".count)))
        }
        var clients: [(client: RawHTTPClient, loop: String)] = []
        for _ in 0..<8 { clients.append(try open()) }
        let byLoop = Dictionary(grouping: clients, by: \.loop).mapValues(\.count)
        XCTAssertEqual(byLoop.values.sorted(), [4, 4], "\(byLoop)")
        // Closed connections leave their loop's count: the next ones go to the loop that lost them.
        let emptied = clients[0].loop
        clients.removeAll { $0.loop == emptied }
        Thread.sleep(forTimeInterval: 0.5)
        let next = [try open(), try open()]
        XCTAssertEqual(next.map(\.loop), [emptied, emptied])
    }
}
