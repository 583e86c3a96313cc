import Foundation
import Kernel
import Tenancy
import XCTest

final class ParticipantStandingTests: XCTestCase {
    let since = Date(timeIntervalSince1970: 1_800_000_000)

    func snapshot(_ ban: BanRecord?) -> ParticipantSnapshot {
        ParticipantSnapshot(id: 1, tags: [], created: false, ban: ban)
    }

    func test_aBanApplies_untilItsEnd_andAnOpenOneUntilLifted() {
        let timed = BanRecord(since: since, until: since.addingTimeInterval(60), reason: "x")
        XCTAssertNotNil(ParticipantStanding.ban(snapshot(timed), now: since.addingTimeInterval(59)))
        XCTAssertNil(ParticipantStanding.ban(snapshot(timed), now: since.addingTimeInterval(60)))
        let open = BanRecord(since: since, until: nil, reason: "x")
        XCTAssertNotNil(ParticipantStanding.ban(snapshot(open), now: since.addingTimeInterval(1e9)))
        XCTAssertNil(ParticipantStanding.ban(snapshot(nil), now: since))
    }

    func test_refusal_is403Banned_namingTheEnd() {
        let response = ParticipantStanding.refusal(
            BanRecord(since: since, until: since.addingTimeInterval(3600), reason: "secret")
        ).response
        XCTAssertEqual(response.status, 403)
        let body = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(body.contains(#""code":"banned""#), body)
        XCTAssertTrue(body.contains(Instant.format(since.addingTimeInterval(3600))), body)
        XCTAssertFalse(body.contains("secret"), "the reason is for staff")
    }

    func test_phoneNumber_keepsAPlusAndDigits() {
        XCTAssertEqual(PhoneNumber.normalize("79001234567"), "+79001234567")
        XCTAssertEqual(PhoneNumber.normalize(" +7 (900) 123-45.67 "), "+79001234567")
        for text in ["", "+", "1234", "12345678901234567", "7900abc", "7+900123456", "+7 900 123 45 67 ext 1"] {
            XCTAssertNil(PhoneNumber.normalize(text), text)
        }
    }
}
