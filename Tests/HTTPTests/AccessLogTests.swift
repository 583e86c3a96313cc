import Foundation
import Glibc
import TesseraLog
import XCTest

@testable import HTTP

/// The access log's own writer thread: lines in order, and a stalled reader never stalls the
/// caller; what does not fit is dropped and counted.
final class AccessLogTests: XCTestCase {
    func record(_ n: Int) -> AccessLog.Record {
        AccessLog.Record(
            method: "GET", path: "/p/\(n)", status: 200, durationNanoseconds: 1_500_000, requestID: "r\(n)", bytes: n,
            at: Logger.now())
    }

    /// Everything from `fd` until end of file.
    static func drain(_ fd: Int32) -> [String] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            output += chunk[0..<n]
        }
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Reads `fd` on another thread until end of file; the returned function waits for the lines.
    static func readAll(_ fd: Int32) -> () -> [String] {
        let read = LockedList()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "reader").async {
            for line in drain(fd) { read.append(line) }
            done.signal()
        }
        return {
            XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "the writer never closed the pipe")
            return read.values
        }
    }

    func test_lines_areWrittenInOrder_andAllOfThemByStop() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }
        let log = AccessLog(logger: Logger(label: "access", fileDescriptor: fds[1]))
        // 500 lines are more than the pipe holds: read while they are written.
        let lines = Self.readAll(fds[0])
        log.start()
        for n in 0..<500 { log.append(record(n)) }
        log.stop()
        log.append(record(500))  // after stop: written at once
        close(fds[1])
        let written = lines()
        XCTAssertEqual(written.count, 501)
        let paths = try written.map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(object["msg"] as? String, "request")
            XCTAssertEqual(object["duration_ms"] as? Double, 1.5)
            XCTAssertNotNil(object["ts"] as? String)
            return object["path"] as? String ?? ""
        }
        XCTAssertEqual(paths, (0...500).map { "/p/\($0)" })
    }

    /// Nobody reads the pipe: the writer blocks once the pipe is full, the caller never does,
    /// and lines past `capacity` are dropped and then reported.
    func test_aStalledReader_stallsOnlyTheWriter_andOverflowIsCounted() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }
        let log = AccessLog(logger: Logger(label: "access", fileDescriptor: fds[1]), capacity: 100)
        log.start()
        // About 200 bytes a line: far more than the pipe holds (64 KiB) and the queue (100).
        let total = 5_000
        for n in 0..<total { log.append(record(n)) }
        // The caller got here with the writer stuck in write(2); now let it through.
        let read = Self.readAll(fds[0])
        log.stop()
        close(fds[1])
        let lines = read()
        let requests = lines.filter { $0.contains(#""msg":"request""#) }.count
        let warnings = lines.filter { $0.contains(#""msg":"access log lines dropped""#) }
        let dropped = try warnings.reduce(0) { sum, line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return sum + (object["lines"] as? Int ?? 0)
        }
        XCTAssertGreaterThan(dropped, 0)
        XCTAssertEqual(requests + dropped, total, "every line is written or counted")
    }
}
