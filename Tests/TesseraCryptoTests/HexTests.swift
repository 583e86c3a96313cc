import XCTest

@testable import TesseraCrypto

final class HexTests: XCTestCase {
    func test_encode_producesLowercase() {
        XCTAssertEqual(Hex.encode([0x00, 0x0f, 0xab, 0xff]), "000fabff")
    }

    func test_encode_empty_isEmptyString() {
        XCTAssertEqual(Hex.encode([]), "")
    }

    func test_decode_acceptsUpperAndLowercase() {
        XCTAssertEqual(Hex.decode("DEADbeef"), [0xde, 0xad, 0xbe, 0xef])
    }

    func test_decode_oddLength_isNil() {
        XCTAssertNil(Hex.decode("abc"))
    }

    func test_decode_nonHexCharacter_isNil() {
        XCTAssertNil(Hex.decode("zz"))
        XCTAssertNil(Hex.decode("0g"))
        XCTAssertNil(Hex.decode("é0"))
    }

    func test_roundTrip_allByteValues() {
        let all = (0...255).map { UInt8($0) }
        XCTAssertEqual(Hex.decode(Hex.encode(all)), all)
    }
}
