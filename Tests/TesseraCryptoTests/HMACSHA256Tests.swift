import XCTest

@testable import TesseraCrypto

/// Known answers from RFC 4231 section 4 (HMAC-SHA-256 rows).
final class HMACSHA256Tests: XCTestCase {
    func test_authenticate_rfc4231Case1_matchesPublishedTag() {
        XCTAssertEqual(
            HMACSHA256.authenticate(key: [UInt8](repeating: 0x0b, count: 20), message: bytes("Hi There")),
            hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
    }

    func test_authenticate_rfc4231Case2ShortKey_matchesPublishedTag() {
        XCTAssertEqual(
            HMACSHA256.authenticate(key: bytes("Jefe"), message: bytes("what do ya want for nothing?")),
            hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
    }

    func test_authenticate_rfc4231Case3_matchesPublishedTag() {
        XCTAssertEqual(
            HMACSHA256.authenticate(
                key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50)),
            hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"))
    }

    func test_authenticate_rfc4231Case4_matchesPublishedTag() {
        XCTAssertEqual(
            HMACSHA256.authenticate(key: Array(1...25), message: [UInt8](repeating: 0xcd, count: 50)),
            hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"))
    }

    func test_authenticate_rfc4231Case6KeyLargerThanBlock_matchesPublishedTag() {
        XCTAssertEqual(
            HMACSHA256.authenticate(
                key: [UInt8](repeating: 0xaa, count: 131),
                message: bytes("Test Using Larger Than Block-Size Key - Hash Key First")),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"))
    }

    func test_authenticate_rfc4231Case7LargeKeyAndData_matchesPublishedTag() {
        let message =
            "This is a test using a larger than block-size key and a larger than block-size data."
            + " The key needs to be hashed before being used by the HMAC algorithm."
        XCTAssertEqual(
            HMACSHA256.authenticate(key: [UInt8](repeating: 0xaa, count: 131), message: bytes(message)),
            hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"))
    }

    func test_authenticate_emptyKeyAndMessage_matchesKnownTag() {
        // HMAC_SHA256("", ""), the example value in Wikipedia's HMAC article.
        XCTAssertEqual(
            HMACSHA256.authenticate(key: [], message: []),
            hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }

    func test_authenticate_differentKeys_giveDifferentTags() {
        let message = bytes("same message")
        XCTAssertNotEqual(
            HMACSHA256.authenticate(key: bytes("a"), message: message),
            HMACSHA256.authenticate(key: bytes("b"), message: message))
    }
}
