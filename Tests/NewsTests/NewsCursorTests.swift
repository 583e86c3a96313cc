import Kernel

@testable import News
import XCTest

final class NewsCursorTests: XCTestCase {
    func test_cursor_roundTripsAndIsOpaque() {
        let cursor = NewsCursor(pinned: true, publishMicros: 1_717_000_000_123_456, id: 42)
        let encoded = cursor.encoded
        XCTAssertFalse(encoded.contains(":"))
        XCTAssertEqual(NewsCursor(encoded), cursor)
        XCTAssertEqual(NewsCursor(NewsCursor(pinned: false, publishMicros: -5, id: 1).encoded)?.publishMicros, -5)
    }

    func test_cursor_rejectsForgedOrDamagedValues() {
        XCTAssertNil(NewsCursor(""))
        XCTAssertNil(NewsCursor("not base64!"))
        XCTAssertNil(NewsCursor(Base64URLText.encode("n1:2:5:5")))
        XCTAssertNil(NewsCursor(Base64URLText.encode("n1:1:x:5")))
        XCTAssertNil(NewsCursor(Base64URLText.encode("n1:1:5:0")))
        XCTAssertNil(NewsCursor(Base64URLText.encode("n2:1:5:5")))
        XCTAssertNil(NewsCursor(String(repeating: "A", count: 200)))
    }
}
