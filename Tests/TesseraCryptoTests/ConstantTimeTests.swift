import XCTest

@testable import TesseraCrypto

final class ConstantTimeTests: XCTestCase {
    func test_equals_identicalBytes_isTrue() {
        XCTAssertTrue(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
    }

    func test_equals_bothEmpty_isTrue() {
        XCTAssertTrue(ConstantTime.equals([], []))
    }

    func test_equals_lastByteDiffers_isFalse() {
        XCTAssertFalse(ConstantTime.equals([1, 2, 3], [1, 2, 4]))
    }

    func test_equals_firstByteDiffers_isFalse() {
        XCTAssertFalse(ConstantTime.equals([0, 2, 3], [1, 2, 3]))
    }

    func test_equals_prefixOfOther_isFalse() {
        XCTAssertFalse(ConstantTime.equals([1, 2], [1, 2, 3]))
        XCTAssertFalse(ConstantTime.equals([], [0]))
    }
}
