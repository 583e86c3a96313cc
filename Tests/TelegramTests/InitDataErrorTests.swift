import XCTest

@testable import Telegram

final class InitDataErrorTests: XCTestCase {
    private let all: [InitDataError] = [
        .missing, .malformed("x"), .missingHash, .missingSignature, .signatureMismatch, .expired(ageSeconds: 90_000),
        .authDateInFuture, .missingUser, .invalidUser("y"),
    ]

    func test_code_isDistinctAndPrefixed() {
        XCTAssertEqual(Set(all.map(\.code)).count, all.count)
        for error in all { XCTAssertTrue(error.code.hasPrefix("init_data_"), error.code) }
    }

    func test_code_matchesContractNames() {
        XCTAssertEqual(InitDataError.missing.code, "init_data_missing")
        XCTAssertEqual(InitDataError.malformed("x").code, "init_data_malformed")
        XCTAssertEqual(InitDataError.signatureMismatch.code, "init_data_signature_mismatch")
        XCTAssertEqual(InitDataError.expired(ageSeconds: 1).code, "init_data_expired")
    }

    func test_message_includesDetailAndAge() {
        XCTAssertEqual(
            InitDataError.malformed("duplicate field").message, "Telegram init data is malformed: duplicate field.")
        XCTAssertTrue(InitDataError.expired(ageSeconds: 90_000).message.contains("90000"))
        XCTAssertEqual(InitDataError.missingHash.description, "init_data_hash_missing: Telegram init data has no hash.")
    }
}
