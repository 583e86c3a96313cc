import XCTest

@testable import TesseraCrypto

/// RFC 4648 section 10 vectors, rewritten for the URL-safe alphabet without padding.
final class Base64URLTests: XCTestCase {
    func test_encode_rfc4648Vectors_withoutPadding() {
        let cases: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in cases {
            XCTAssertEqual(Base64URL.encode(bytes(plain)), encoded, plain)
            XCTAssertEqual(Base64URL.decode(encoded), bytes(plain), encoded)
        }
    }

    func test_encode_usesUrlSafeAlphabet() {
        XCTAssertEqual(Base64URL.encode([0xfb, 0xff, 0xbf]), "-_-_")
    }

    func test_decode_rejectsStandardAlphabetAndPadding() {
        XCTAssertNil(Base64URL.decode("+/+/"))
        XCTAssertNil(Base64URL.decode("Zg=="))
        XCTAssertNil(Base64URL.decode("Zm 9v"))
    }

    func test_decode_impossibleLength_isNil() {
        XCTAssertNil(Base64URL.decode("Zm9vY"))
    }

    func test_decode_nonZeroTrailingBits_isNil() {
        // "Zh" decodes to 0x66 with two non-zero leftover bits; only "Zg" is canonical.
        XCTAssertNil(Base64URL.decode("Zh"))
    }

    func test_roundTrip_randomBytesOfEveryRemainder() {
        for count in 0..<70 {
            let data = SecureRandom.bytes(count)
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(data)), data)
        }
    }
}
