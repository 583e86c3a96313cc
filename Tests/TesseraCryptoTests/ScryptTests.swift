import XCTest

@testable import TesseraCrypto

final class ScryptTests: XCTestCase {
    // RFC 7914 section 12, the first three vectors (the fourth needs 1 GiB).
    func test_derive_matchesRFC7914Vectors() throws {
        XCTAssertEqual(
            try Scrypt.derive(password: [], salt: [], parameters: .init(logN: 4, r: 1, p: 1), length: 64),
            hex(
                """
                77 d6 57 62 38 65 7b 20 3b 19 ca 42 c1 8a 04 97 f1 6b 48 44 e3 07 4a e8 df df fa 3f ed e2 14 42
                fc d0 06 9d ed 09 48 f8 32 6a 75 3a 0f c8 1f 17 e8 d3 e0 fb 2e 0d 36 28 cf 35 e2 0c 38 d1 89 06
                """))
        XCTAssertEqual(
            try Scrypt.derive(
                password: bytes("password"), salt: bytes("NaCl"), parameters: .init(logN: 10, r: 8, p: 16), length: 64),
            hex(
                """
                fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe 7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62
                2e af 30 d9 2e 22 a3 88 6f f1 09 27 9d 98 30 da c7 27 af b9 4a 83 ee 6d 83 60 cb df a2 cc 06 40
                """))
        XCTAssertEqual(
            try Scrypt.derive(
                password: bytes("pleaseletmein"), salt: bytes("SodiumChloride"),
                parameters: .init(logN: 14, r: 8, p: 1), length: 64),
            hex(
                """
                70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2
                d5 43 29 55 61 3f 0f cf 62 d4 97 05 24 2a 9a f9 e6 1e 85 dc 0d 65 1e 40 df cf 01 7b 45 57 58 87
                """))
    }

    func test_derive_refusesParametersOverTheLimitsBeforeAllocating() {
        // N = 2^21 with r = 8 would be 2 GiB.
        for parameters in [
            Scrypt.Parameters(logN: 21, r: 8, p: 1), .init(logN: 20, r: 8, p: 1), .init(logN: 0, r: 8, p: 1),
            .init(logN: 10, r: 0, p: 1), .init(logN: 10, r: 8, p: 0), .init(logN: 10, r: 33, p: 1),
            .init(logN: 10, r: 8, p: 17),
        ] {
            XCTAssertFalse(parameters.isWithinLimits, "\(parameters)")
            XCTAssertThrowsError(
                try Scrypt.derive(password: [1], salt: [2], parameters: parameters, length: 32), "\(parameters)")
        }
        XCTAssertTrue(Scrypt.Parameters.owasp.isWithinLimits)
        XCTAssertTrue(Scrypt.Parameters(logN: 18, r: 8, p: 1).isWithinLimits, "one doubling of N stays possible")
    }

    func test_owaspParameters_areTheCheatSheetMinimum() {
        XCTAssertEqual(Scrypt.Parameters.owasp, .init(logN: 17, r: 8, p: 1))
    }
}
