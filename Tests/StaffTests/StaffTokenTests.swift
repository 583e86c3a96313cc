@testable import Staff
import XCTest

final class StaffTokenTests: XCTestCase {
    func test_generate_makesDistinctWellFormedTokensWithHexHashes() {
        let a = StaffToken.generate()
        let b = StaffToken.generate()
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.value.hasPrefix("tsr_"))
        XCTAssertEqual(a.value.count, 47)
        XCTAssertEqual(StaffToken(a.value), a)
        XCTAssertEqual(a.hash.count, 64)
        XCTAssertTrue(a.hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        XCTAssertNotEqual(a.hash, b.hash)
        XCTAssertFalse(a.description.contains(a.value.dropFirst(4)))
    }

    func test_init_rejectsMalformedTokens() {
        XCTAssertNil(StaffToken(""))
        XCTAssertNil(StaffToken("tsr_short"))
        XCTAssertNil(StaffToken("abc_" + String(repeating: "A", count: 43)))
        XCTAssertNil(StaffToken("tsr_" + String(repeating: "A", count: 42) + "!"))
        XCTAssertNotNil(StaffToken("tsr_" + String(repeating: "A", count: 43)))
    }
}
