import Foundation
import Glibc
import HTTP
import TesseraLog
import XCTest

final class HTTPServerTests: XCTestCase {
    private static let echo: @Sendable (HTTPRequest) -> HTTPResponse = { request in
        var headers = HTTPHeaders()
        headers.add(name: "X-Path", value: request.path)
        headers.add(name: "X-Method", value: request.method.rawValue)
        return HTTPResponse(
            status: 200, headers: headers, body: request.body.isEmpty ? Array(request.path.utf8) : request.body)
    }

    func test_keepAlive_servesSequentialRequestsOnOneConnection() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        for i in 0..<5 {
            try client.send("GET /r\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, "/r\(i)")
            XCTAssertNil(response.header("Connection"))
            XCTAssertNotNil(response.header("Date"))
        }
    }

    func test_pipelining_answersInRequestOrderEvenWhenEarlierHandlersAreSlower() throws {
        let server = try startServer { request in
            // The first request finishes last if responses were not serialised per connection.
            if request.path == "/1" { usleep(200_000) }
            if request.path == "/2" { usleep(50_000) }
            return HTTPServerTests.echo(request)
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send(
            "GET /1 HTTP/1.1\r\nHost: t\r\n\r\nPOST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbodyGET /3 HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        XCTAssertEqual(try client.readResponse().bodyText, "/1")
        XCTAssertEqual(try client.readResponse().bodyText, "body")
        XCTAssertEqual(try client.readResponse().bodyText, "/3")
    }

    func test_expect100Continue_sendsContinueBeforeTheBodyIsSent() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        XCTAssertEqual(String(decoding: try client.readBytes(25), as: UTF8.self), "HTTP/1.1 100 Continue\r\n\r\n")
        try client.send("hello")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "hello")
    }

    func test_unsupportedExpectation_is417() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\nContent-Length: 5\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 417)
        XCTAssertEqual(response.errorCode, "expectation_failed")
    }

    func test_oversizedHeaders_get431AndClose() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "a", count: 17_000) + "\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 431)
        XCTAssertEqual(response.errorCode, "request_header_fields_too_large")
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_oversizedContentLength_gets413WithoutSendingTheBody() throws {
        let server = try startServer(configure: { $0.maxBodyBytes = 1_000 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.errorCode, "content_too_large")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_413_lingersSoAClientStillSendingItsBodyIsNotReset() throws {
        // After refusing a request the server half-closes and discards what the client still
        // sends (lingering close). A plain close would answer those bytes with RST, which on Linux
        // can destroy the 413 before the client reads it.
        let server = try startServer(configure: { $0.maxBodyBytes = 1_000 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        let head = Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n".utf8)
        try client.send(head + [UInt8](repeating: 0x61, count: 16_384))
        XCTAssertEqual(try client.readResponse().status, 413)
        for _ in 0..<8 {
            XCTAssertNoThrow(try client.send([UInt8](repeating: 0x61, count: 16_384)), "connection was reset")
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertTrue(try client.readsEndOfFile(), "the server half-closed after its response")
    }

    func test_oversizedChunkedBody_gets413() throws {
        let server = try startServer(configure: { $0.maxBodyBytes = 10 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n")
        XCTAssertEqual(try client.readResponse().status, 413)
    }

    func test_chunkedUpload_isDechunkedForTheHandler() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n")
        try client.send("2\r\nde\r\n0\r\nTrailer: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText, "abcde")
    }

    func test_slowHeader_gets408ThenClose() throws {
        let server = try startServer(configure: { $0.headerTimeout = 0.3 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n")
        let started = Date()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(response.errorCode, "request_timeout")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25)
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_slowBody_gets408ThenClose() throws {
        let server = try startServer(configure: { $0.bodyTimeout = 0.3 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        XCTAssertEqual(try client.readResponse().status, 408)
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_idleKeepAlive_isClosedSilently() throws {
        let server = try startServer(configure: { $0.idleTimeout = 0.3 }, handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        XCTAssertTrue(try client.readsEndOfFile(), "an idle connection is closed without a 408")
    }

    func test_garbage_gets400AndClose() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send([0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00])
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.errorCode, "bad_request")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_bareCRHidingAnAuthorizationField_gets400AndClose() throws {
        let server = try startServer { request in
            request.headers["authorization"] == "Bearer t"
                ? .text("secret") : .error(status: 401, code: "unauthorized", message: "no")
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Note: hello\rZAuthorization: Bearer t\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.errorCode, "bad_request")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_bareCRHidingAContentLength_gets400AndClose() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send(
            "POST /a HTTP/1.1\r\nHost: h\r\nX-Note: a\rZContent-Length: 27\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n"
        )
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_HEAD_sendsGETHeadersWithoutBody() throws {
        let server = try startServer { _ in .text("twelve bytes") }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(forHEAD: true)
        XCTAssertEqual(head.header("Content-Length"), "12")
        let get = try client.readResponse()
        XCTAssertEqual(
            get.bodyText, "twelve bytes", "no body bytes were sent for HEAD, so the next response parses cleanly")
    }

    func test_http10_closesUnlessKeepAlive() throws {
        let server = try startServer(handler: Self.echo)
        let closing = try RawHTTPClient(port: server.boundPort)
        try closing.send("GET /a HTTP/1.0\r\n\r\n")
        XCTAssertEqual(try closing.readResponse().header("Connection"), "close")
        XCTAssertTrue(try closing.readsEndOfFile())

        let keeping = try RawHTTPClient(port: server.boundPort)
        try keeping.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keeping.readResponse().header("Connection"), "keep-alive")
        try keeping.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keeping.readResponse().bodyText, "/b")
    }

    func test_connectionClose_isHonoured() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("Connection"), "close")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_requestID_echoesValidIncomingAndReplacesInvalid() throws {
        let seen = LockedList()
        let server = try startServer { request in
            seen.append(request.requestID)
            return .text("ok")
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123.X_y\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("X-Request-Id"), "abc-123.X_y")
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad id!\r\n\r\n")
        let generated = try XCTUnwrap(try client.readResponse().header("X-Request-Id"))
        XCTAssertNotEqual(generated, "bad id!")
        XCTAssertTrue(RequestID.isValid(generated))
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        let another = try XCTUnwrap(try client.readResponse().header("X-Request-Id"))
        XCTAssertNotEqual(another, generated)
        XCTAssertEqual(seen.values, ["abc-123.X_y", generated, another])
    }

    func test_errorResponses_carryARequestID() throws {
        let server = try startServer(handler: Self.echo)
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertNotNil(response.header("X-Request-Id"))
    }

    /// A started one-thread server routing only `GET /items/{id}`, shut down after the test.
    private func itemsServer() throws -> HTTPServer {
        var router = Router()
        router.add(.GET, "/items/{id}") { _, p in .text("item \(p["id"]!)") }
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopThreads = 1
        configuration.workerThreads = 1
        let server = HTTPServer(
            configuration: configuration, logger: Logger(label: "t", minimumLevel: .error), router: router)
        try server.start()
        addTeardownBlock { server.shutdown(gracePeriod: 1) }
        return server
    }

    func test_router_isServedWith404And405() throws {
        let server = try itemsServer()
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send(
            "GET /items/7 HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\nHost: t\r\n\r\nPUT /items/7 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
        )
        XCTAssertEqual(try client.readResponse().bodyText, "item 7")
        XCTAssertEqual(try client.readResponse().errorCode, "not_found")
        let wrongMethod = try client.readResponse()
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.header("Allow"), "GET, HEAD")
    }

    /// TRACE (RFC 9110) and QUERY are methods the server knows, so a resource that does not serve them answers 405 with
    /// Allow (§15.5.6); 501 stays for methods the server does not know at all (§15.6.2).
    func test_TRACEAndQUERY_are405WithAllow_unknownMethodIs501() throws {
        let server = try itemsServer()
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("TRACE /items/7 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer secret\r\n\r\n")
        let trace = try client.readResponse()
        XCTAssertEqual(trace.status, 405)
        XCTAssertEqual(trace.header("Allow"), "GET, HEAD")
        XCTAssertEqual(trace.errorCode, "method_not_allowed")
        XCTAssertFalse(trace.bodyText.contains("secret"))
        try client.send("QUERY /items/7 HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}")
        XCTAssertEqual(try client.readResponse().status, 405)
        let other = try RawHTTPClient(port: server.boundPort)
        try other.send("BREW /items/7 HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try other.readResponse().status, 501)
    }

    func test_largeUpload_atTheBodyLimit_isReceivedIntact() throws {
        let checksum: @Sendable (HTTPRequest) -> HTTPResponse = { request in
            var sum = 0
            for b in request.body { sum = (sum &* 31) &+ Int(b) }
            return .text("\(request.body.count) \(sum)")
        }
        let server = try startServer(configure: { $0.maxBodyBytes = 1_048_576 }, handler: checksum)
        let body = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var expected = 0
        for b in body { expected = (expected &* 31) &+ Int(b) }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("PUT /blob HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        try client.send(body)
        XCTAssertEqual(try client.readResponse().bodyText, "\(body.count) \(expected)")
    }

    func test_largeResponse_isDeliveredCompletelyToASlowReader() throws {
        let big = [UInt8](repeating: 0x61, count: 8_000_000)
        let server = try startServer { _ in HTTPResponse(status: 200, body: big) }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /again HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(100_000)  // let the socket buffers fill so the server must finish the write on EPOLLOUT
        XCTAssertEqual(try client.readResponse().body.count, big.count)
        XCTAssertEqual(try client.readResponse().body.count, big.count)
    }

    func test_manyConcurrentConnections_allGetAnswers() throws {
        let server = try startServer(handler: Self.echo)
        let port = server.boundPort
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            do {
                let client = try RawHTTPClient(port: port)
                for j in 0..<5 {
                    try client.send("GET /c\(i)/\(j) HTTP/1.1\r\nHost: t\r\n\r\n")
                    let response = try client.readResponse()
                    if response.bodyText != "/c\(i)/\(j)" { failures.append("\(i)/\(j): \(response.bodyText)") }
                }
            } catch {
                failures.append("\(i): \(error)")
            }
        }
        XCTAssertEqual(failures.values, [])
    }

    func test_manyIdleConnections_areHeldWithoutThreadsAndStillServe() throws {
        let server = try startServer(handler: Self.echo)
        var clients: [RawHTTPClient] = []
        for _ in 0..<500 { clients.append(try RawHTTPClient(port: server.boundPort)) }
        let last = clients[499]
        try last.send("GET /still HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try last.readResponse().bodyText, "/still")
        let first = clients[0]
        try first.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try first.readResponse().bodyText, "/first")
    }

    func test_maxConnections_closesConnectionsOverTheLimit() throws {
        let server = try startServer(configure: { $0.maxConnections = 1 }, handler: Self.echo)
        let first = try RawHTTPClient(port: server.boundPort)
        try first.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try first.readResponse().status, 200)
        let second = try RawHTTPClient(port: server.boundPort)
        XCTAssertTrue(try second.readsEndOfFile())
    }

    func test_gracefulShutdown_finishesInFlightRequestAndClosesIdleConnections() throws {
        let blocked = Gate()
        let slowServer = try startServer { _ in
            blocked.open()
            usleep(300_000)
            return .text("done")
        }
        let inFlight = try RawHTTPClient(port: slowServer.boundPort)
        let idleClient = try RawHTTPClient(port: slowServer.boundPort)
        try idleClient.send("GET / HTTP/1.1\r\nHost: t\r\nX-Request-Id: warm\r\n\r\n")
        _ = try idleClient.readResponse()
        try inFlight.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(blocked.wait())
        let shutdownDone = expectation(description: "shutdown returned")
        Thread.detachNewThread {
            slowServer.shutdown(gracePeriod: 10)
            shutdownDone.fulfill()
        }
        let response = try inFlight.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "done")
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(try inFlight.readsEndOfFile())
        XCTAssertTrue(try idleClient.readsEndOfFile(), "idle keep-alive connections are closed on shutdown")
        wait(for: [shutdownDone], timeout: 10)
        XCTAssertThrowsError(try RawHTTPClient(port: slowServer.boundPort), "no longer accepting")
    }

    func test_shutdown_afterGracePeriod_closesStuckConnections() throws {
        let release = Gate()
        let started = Gate()
        let server = try startServer { _ in
            started.open()
            release.wait(timeout: 5)
            return .text("late")
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(started.wait())
        let begin = Date()
        server.shutdown(gracePeriod: 0.3)
        let elapsed = Date().timeIntervalSince(begin)
        XCTAssertLessThan(elapsed, 3)
        XCTAssertTrue(try client.readsEndOfFile())
        release.open()
    }

    func test_accessLog_hasOneLinePerRequestWithoutQueryHeadersOrBody() throws {
        var pipeFDs: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeFDs), 0)
        defer { close(pipeFDs[0]) }
        let logger = Logger(label: "access", minimumLevel: .info, fileDescriptor: pipeFDs[1])
        let server = try startServer(logger: logger) { _ in .text("ok", status: 201) }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send(
            "POST /api/login?initData=SECRETQUERY HTTP/1.1\r\nHost: t\r\nAuthorization: tma SECRETHEADER\r\nX-Request-Id: log-1\r\nContent-Length: 10\r\n\r\nSECRETBODY"
        )
        _ = try client.readResponse()
        server.shutdown(gracePeriod: 1)
        close(pipeFDs[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            output += chunk[0..<n]
        }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").filter {
            $0.contains(#""msg":"request""#)
        }
        XCTAssertEqual(lines.count, 1)
        let line = try XCTUnwrap(lines.first)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["method"] as? String, "POST")
        XCTAssertEqual(object["path"] as? String, "/api/login")
        XCTAssertEqual(object["status"] as? Int, 201)
        XCTAssertEqual(object["request_id"] as? String, "log-1")
        XCTAssertEqual(object["bytes"] as? Int, 2)
        XCTAssertNotNil(object["duration_ms"] as? Double)
        XCTAssertFalse(line.contains("SECRET"))
    }

    func test_start_twice_throwsInvalidState() throws {
        let server = try startServer(handler: Self.echo)
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual((error as? HTTPServerError)?.kind, .invalidState)
        }
    }

    func test_start_onInvalidHost_throwsInvalidAddress() {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "not-an-ip", port: 0),
            logger: Logger(label: "t", minimumLevel: .error),
            handler: Self.echo)
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual((error as? HTTPServerError)?.kind, .invalidAddress)
        }
    }

    func test_start_onPortInUse_throwsSocketError() throws {
        let first = try startServer(handler: Self.echo)
        let second = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: first.boundPort),
            logger: Logger(label: "t", minimumLevel: .error), handler: Self.echo)
        XCTAssertThrowsError(try second.start()) { error in
            XCTAssertEqual((error as? HTTPServerError)?.errno, EADDRINUSE)
        }
    }

    /// A stopped server lets go of its loops, its workers and its handler (and so of whatever
    /// the handler holds: a whole application's tenants and caches).
    func test_aStoppedServer_releasesItsHandler() throws {
        final class Sentinel: Sendable {}
        weak var released: Sentinel?
        do {
            let sentinel = Sentinel()
            released = sentinel
            var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
            configuration.eventLoopThreads = 2
            let server = HTTPServer(
                configuration: configuration, logger: Logger(label: "http-test", minimumLevel: .error),
                inline: { _ in withExtendedLifetime(sentinel) { nil } },
                handler: { _ in withExtendedLifetime(sentinel) { HTTPResponse(status: 204) } })
            try server.start()
            let client = try RawHTTPClient(port: server.boundPort)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 204)
            server.shutdown(gracePeriod: 1)
        }
        // The loop threads drop their last references as they end, just after shutdown returns.
        let deadline = Date().addingTimeInterval(5)
        while released != nil, Date() < deadline { usleep(10_000) }
        XCTAssertNil(released, "the stopped server still holds its handler")
    }
}

/// A thread-safe list of strings collected from handlers.
final class LockedList: @unchecked Sendable {  // Sendable because `storage` is guarded by `lock`.
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ value: String) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
