import XCTest

@testable import TesseraCrypto

final class SecureRandomTests: XCTestCase {
    func test_bytes_returnsRequestedCount() {
        XCTAssertEqual(SecureRandom.bytes(0).count, 0)
        XCTAssertEqual(SecureRandom.bytes(1).count, 1)
        XCTAssertEqual(SecureRandom.bytes(97).count, 97)
    }

    func test_bytes_consecutiveCallsDiffer() {
        // Two equal 32-byte draws would mean a broken generator (probability 2^-256).
        XCTAssertNotEqual(SecureRandom.bytes(32), SecureRandom.bytes(32))
    }

    func test_bytes_largeDrawUsesManyByteValues() {
        XCTAssertGreaterThan(Set(SecureRandom.bytes(4096)).count, 200)
    }
}
