import Tenancy
import XCTest

final class ParticipantNameTests: XCTestCase {
    func test_isPlaceholder_emptyBlankAndTheUserIdStandIn() {
        XCTAssertTrue(ParticipantName.isPlaceholder("", telegramID: 7))
        XCTAssertTrue(ParticipantName.isPlaceholder("  \n", telegramID: 7))
        XCTAssertTrue(ParticipantName.isPlaceholder("User 7", telegramID: 7))
    }

    func test_isPlaceholder_realNamesAndOtherIds_areNames() {
        XCTAssertFalse(ParticipantName.isPlaceholder("Ann", telegramID: 7))
        XCTAssertFalse(ParticipantName.isPlaceholder("User 8", telegramID: 7), "someone else's stand-in is a chosen name")
        XCTAssertFalse(ParticipantName.isPlaceholder("User", telegramID: 7))
    }
}
