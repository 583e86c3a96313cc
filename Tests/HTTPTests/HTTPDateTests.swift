import XCTest

@testable import HTTP

final class HTTPDateTests: XCTestCase {
    func test_string_formatsIMFFixdate() {
        XCTAssertEqual(HTTPDate.string(from: 784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    func test_dateCache_returnsAHeaderLine() {
        let line = String(decoding: DateCache.shared.headerLine(), as: UTF8.self)
        XCTAssertTrue(line.hasPrefix("Date: "))
        XCTAssertTrue(line.hasSuffix(" GMT\r\n"))
    }
}
