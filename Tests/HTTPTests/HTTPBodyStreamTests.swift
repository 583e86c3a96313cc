import Foundation
import HTTP
import Synchronization
import XCTest

final class HTTPBodyStreamTests: XCTestCase {
    /// A streamed body of `count` bytes `0, 1, …, 250, 0, 1, …` written in pieces of `piece` bytes.
    private static func counting(_ count: Int, piece: Int = 1_000) -> HTTPBodyStream {
        HTTPBodyStream { writer in
            var sent = 0
            while sent < count {
                let n = min(piece, count - sent)
                try writer.write((sent..<(sent + n)).map { UInt8($0 % 251) })
                sent += n
            }
        }
    }

    private static func expected(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    /// Reads a chunked body off `client` (after the head), checking the framing.
    private func readChunked(_ client: RawHTTPClient) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var line: [UInt8] = []
            while line.suffix(2) != [13, 10] { line += try client.readBytes(1) }
            let size = try XCTUnwrap(Int(String(decoding: line.dropLast(2), as: UTF8.self), radix: 16))
            let data = try client.readBytes(size + 2)
            XCTAssertEqual(Array(data.suffix(2)), [13, 10])
            if size == 0 { return body }
            body += data.dropLast(2)
        }
    }

    func test_streamedBody_isSentChunkedAndTheConnectionStaysUsable() throws {
        let server = try startServer { request in
            request.path == "/big" ? .streaming(Self.counting(3_000_000)) : .text("after")
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(forHEAD: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Transfer-Encoding"), "chunked")
        XCTAssertNil(head.header("Content-Length"))
        XCTAssertEqual(try readChunked(client), Self.expected(3_000_000))
        try client.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText, "after")
    }

    func test_streamedBody_toHTTP10_isRawAndEndsWithTheConnection() throws {
        let server = try startServer { _ in .streaming(Self.counting(100_000)) }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.0\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(forHEAD: true)
        XCTAssertNil(head.header("Transfer-Encoding"))
        XCTAssertNil(head.header("Content-Length"))
        XCTAssertEqual(head.header("Connection"), "close")
        XCTAssertEqual(try client.readBytes(100_000), Self.expected(100_000))
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_streamedBody_forHEAD_sendsTheHeadAndDoesNotRunTheProducer() throws {
        let ran = Atomic(false)
        let server = try startServer { _ in
            .streaming(HTTPBodyStream { _ in ran.store(true, ordering: .relaxed) })
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse(forHEAD: true).header("Transfer-Encoding"), "chunked")
        try client.send("HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        _ = try client.readResponse(forHEAD: true)
        XCTAssertTrue(try client.readsEndOfFile())
        XCTAssertFalse(ran.load(ordering: .relaxed))
    }

    func test_producerFailure_closesTheConnectionWithoutTheLastChunk() throws {
        struct Broken: Error {}
        let server = try startServer { _ in
            .streaming(
                HTTPBodyStream { writer in
                    try writer.write("partial")
                    try writer.flush()
                    throw Broken()
                })
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse(forHEAD: true).header("Transfer-Encoding"), "chunked")
        XCTAssertEqual(String(decoding: try client.readBytes(12), as: UTF8.self), "7\r\npartial\r\n")
        XCTAssertTrue(try client.readsEndOfFile())
    }

    func test_handlerHeaders_cannotSetTheFraming() throws {
        let server = try startServer { _ in
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "5")
            headers.add(name: "Transfer-Encoding", value: "gzip")
            headers.add(name: "Content-Type", value: "text/csv")
            return .streaming(headers: headers, Self.counting(10))
        }
        let client = try RawHTTPClient(port: server.boundPort)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(forHEAD: true)
        XCTAssertNil(head.header("Content-Length"))
        XCTAssertEqual(head.header("Transfer-Encoding"), "chunked")
        XCTAssertEqual(head.header("Content-Type"), "text/csv")
        XCTAssertEqual(try readChunked(client), Self.expected(10))
    }
}
