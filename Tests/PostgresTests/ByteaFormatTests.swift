import XCTest

@testable import Postgres

final class ByteaFormatTests: XCTestCase {
    func test_hex_roundTrips() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        XCTAssertEqual(ByteaFormat.encodeHex(bytes), "\\x00017f80abff")
        XCTAssertEqual(ByteaFormat.decode(ByteaFormat.encodeHex(bytes)), bytes)
        XCTAssertEqual(ByteaFormat.decode("\\x"), [])
    }

    func test_decode_acceptsEscapeFormat() {
        XCTAssertEqual(ByteaFormat.decode("ab\\\\c\\000\\377"), [0x61, 0x62, 0x5C, 0x63, 0, 255])
    }

    func test_decode_rejectsMalformedInput() {
        XCTAssertNil(ByteaFormat.decode("\\x0"))
        XCTAssertNil(ByteaFormat.decode("\\xzz"))
        XCTAssertNil(ByteaFormat.decode("a\\9"))
    }
}
