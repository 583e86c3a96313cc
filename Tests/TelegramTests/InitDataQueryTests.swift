import XCTest

@testable import Telegram

final class InitDataQueryTests: XCTestCase {
    func test_parse_keepsOrderAndDecodesPercentAndPlus() throws {
        let fields = try InitDataQuery.parse("b=x%20y&a=1+2&c=%E2%9C%93&d=")
        XCTAssertEqual(fields.map(\.0), ["b", "a", "c", "d"])
        XCTAssertEqual(fields.map(\.1), ["x y", "1 2", "✓", ""])
    }

    func test_parse_splitsOnFirstEqualsOnly() throws {
        XCTAssertEqual(try InitDataQuery.parse("a=b=c").first?.1, "b=c")
    }

    func test_parse_encodedAmpersandStaysInValue() throws {
        XCTAssertEqual(try InitDataQuery.parse("a=x%26y%3Dz").first?.1, "x&y=z")
    }

    func test_dataCheckString_sortsByKeyAndExcludes() {
        let fields = [("user", "{}"), ("hash", "h"), ("auth_date", "1"), ("chat_type", "sender"), ("chat", "c")]
        XCTAssertEqual(
            String(decoding: InitDataQuery.dataCheckString(fields, excluding: ["hash"]), as: UTF8.self),
            "auth_date=1\nchat=c\nchat_type=sender\nuser={}")
    }

    func test_dataCheckString_keepsValueBytesAsReceived() {
        let value = #"{"photo_url":"https:\/\/t.me"}"#
        XCTAssertEqual(
            String(decoding: InitDataQuery.dataCheckString([("user", value)], excluding: []), as: UTF8.self),
            "user=" + value)
    }

    func test_encode_leavesOnlyUnreservedCharacters() {
        XCTAssertEqual(InitDataQuery.encode("aZ09-._~ +/&=%\"é"), "aZ09-._~%20%2B%2F%26%3D%25%22%C3%A9")
    }

    func test_isValidKey_acceptsLettersAndUnderscoreOnly() {
        XCTAssertTrue(InitDataQuery.isValidKey("auth_date"))
        XCTAssertTrue(InitDataQuery.isValidKey("Hash"))
        XCTAssertFalse(InitDataQuery.isValidKey(""))
        XCTAssertFalse(InitDataQuery.isValidKey("a1"))
        XCTAssertFalse(InitDataQuery.isValidKey("a-b"))
        XCTAssertFalse(InitDataQuery.isValidKey("a=b"))
    }
}
