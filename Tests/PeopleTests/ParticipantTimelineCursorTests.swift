import Kernel
import XCTest

@testable import People

final class ParticipantTimelineCursorTests: XCTestCase {
    func test_cursor_roundTrips_andRefusesWhatItDidNotIssue() {
        let cursor = ParticipantTimeline.Cursor(micros: 1_735_689_600_000_001, source: .payment, id: 12)
        XCTAssertEqual(ParticipantTimeline.Cursor(cursor.encoded), cursor)
        XCTAssertNil(ParticipantTimeline.Cursor(Base64URLText.encode("t1:5:9:1")))
        XCTAssertNil(ParticipantTimeline.Cursor(Base64URLText.encode("t1:5:1:0")))
        XCTAssertNil(ParticipantTimeline.Cursor("%%%"))
    }
}
