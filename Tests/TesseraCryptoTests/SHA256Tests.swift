import XCTest

@testable import TesseraCrypto

/// Known answers from FIPS 180-2 appendix B / NIST's SHA example vectors.
final class SHA256Tests: XCTestCase {
    func test_hash_emptyInput_matchesKnownDigest() {
        XCTAssertEqual(
            SHA256.hash([]), hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    func test_hash_abc_matchesNISTDigest() {
        XCTAssertEqual(
            SHA256.hash(bytes("abc")), hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    }

    func test_hash_twoBlockMessage_matchesNISTDigest() {
        XCTAssertEqual(
            SHA256.hash(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    }

    func test_hash_millionAs_matchesNISTDigest() {
        XCTAssertEqual(
            SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
    }
}
