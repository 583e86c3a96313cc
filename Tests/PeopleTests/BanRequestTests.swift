import Foundation
import HTTP
import Kernel
import XCTest

@testable import People

final class BanRequestTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func parse(_ body: String) throws(AreaError) -> BanRequest {
        try BanRequest.parse(HTTPRequest(method: .POST, target: "/x", body: Array(body.utf8)), now: now)
    }

    func test_parse_readsAReasonAndAnOptionalFutureEnd() throws {
        XCTAssertEqual(try parse(#"{"reason":" spam "}"#), BanRequest(reason: "spam", until: nil))
        XCTAssertEqual(
            try parse(#"{"reason":"spam","until":"2027-06-15T08:00:00Z"}"#).until, Instant.parse("2027-06-15T08:00:00Z")
        )
    }

    func test_parse_refusesAMissingReasonAndAPastEnd() {
        XCTAssertThrowsError(try parse(#"{"until":"2020-01-01T00:00:00Z"}"#)) { error in
            XCTAssertEqual(
                (error as? AreaError).map { if case .validation(let p) = $0 { p.map(\.field) } else { [] } },
                ["reason", "until"])
        }
        XCTAssertThrowsError(try parse(#"{"reason":"x","until":"tomorrow"}"#))
        XCTAssertThrowsError(try parse("{}"))
    }

    func test_banCursor_roundTrips_andRefusesForeignText() {
        let cursor = BanCursor(sinceMicros: 1_800_000_000_123_456, id: 42)
        XCTAssertEqual(BanCursor(cursor.encoded), cursor)
        XCTAssertNil(BanCursor(Base64URLText.encode("n1:0:1:2")))
        XCTAssertNil(BanCursor("!!"))
    }
}
