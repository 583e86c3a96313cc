import Tenancy
import XCTest

final class MasterKeyTests: XCTestCase {
    let hex = String(repeating: "ab", count: 32)

    func test_seal_roundTripsAndHidesTheSecret() throws {
        let key = try MasterKey(hex: hex)
        let sealed = try key.seal("123456:SECRET-token-value", context: "coffee-shop")
        XCTAssertFalse(String(decoding: sealed, as: UTF8.self).contains("SECRET"))
        XCTAssertEqual(try key.open(sealed, context: "coffee-shop"), "123456:SECRET-token-value")
    }

    func test_open_failsForAnotherTenantsContext() throws {
        let key = try MasterKey(hex: hex)
        let sealed = try key.seal("123456:SECRET-token-value", context: "coffee-shop")
        XCTAssertThrowsError(try key.open(sealed, context: "events-club"))
    }

    func test_open_failsWithAnotherKey() throws {
        let sealed = try MasterKey(hex: hex).seal("123456:SECRET-token-value", context: "a")
        XCTAssertThrowsError(try MasterKey(hex: String(repeating: "cd", count: 32)).open(sealed, context: "a"))
    }

    func test_init_rejectsWrongLengthAndNonHex() {
        XCTAssertThrowsError(try MasterKey(hex: "abcd"))
        XCTAssertThrowsError(try MasterKey(hex: String(repeating: "zz", count: 32)))
    }

    func test_botToken_descriptionIsRedacted() throws {
        let token = try XCTUnwrap(BotToken("123456:AAbbCCddEEffGGhh"))
        XCTAssertFalse(token.description.contains("AAbb"))
        XCTAssertEqual(token.botID, 123_456)
        XCTAssertNil(BotToken("not-a-token"))
        XCTAssertNil(BotToken("abc:defghijkl"))
    }
}
