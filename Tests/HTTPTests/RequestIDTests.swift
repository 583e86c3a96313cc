import XCTest

@testable import HTTP

final class RequestIDTests: XCTestCase {
    func test_isValid_acceptsSafeCharactersUpTo64() {
        XCTAssertTrue(RequestID.isValid("abc-DEF_1.2"))
        XCTAssertTrue(RequestID.isValid(String(repeating: "a", count: 64)))
    }

    func test_isValid_rejectsEmptyLongAndUnsafe() {
        XCTAssertFalse(RequestID.isValid(""))
        XCTAssertFalse(RequestID.isValid(String(repeating: "a", count: 65)))
        XCTAssertFalse(RequestID.isValid("a b"))
        XCTAssertFalse(RequestID.isValid("a\"b"))
        XCTAssertFalse(RequestID.isValid("é"))
    }

    func test_connectionPrefix_isUniquePerLoopAndSerial() {
        XCTAssertNotEqual(
            RequestID.connectionPrefix(loop: 0, serial: 1), RequestID.connectionPrefix(loop: 1, serial: 1))
        XCTAssertTrue(RequestID.isValid(RequestID.connectionPrefix(loop: 3, serial: 99_999) + "zz"))
    }
}
