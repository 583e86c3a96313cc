import XCTest

@testable import TesseraCrypto

/// Known answers from McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases
/// 13–16 (AES-256), which NIST's GCM validation vectors reproduce.
final class AES256GCMTests: XCTestCase {
    private let key15 = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
    private let nonce15 = hex("cafebabefacedbaddecaf888")
    private let plaintext15 = hex(
        """
        d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
        1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255
        """)
    private let ciphertext15 = hex(
        """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
        8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad
        """)
    private let aad16 = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")

    func test_seal_testCase13EmptyPlaintext_producesPublishedTag() throws {
        let sealed = try AES256GCM.seal(
            [], key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12))
        XCTAssertEqual(sealed, [UInt8](repeating: 0, count: 12) + hex("530f8afbc74536b9a963b4f1c4cb738b"))
    }

    func test_seal_testCase14_producesPublishedCiphertextAndTag() throws {
        let sealed = try AES256GCM.seal(
            [UInt8](repeating: 0, count: 16), key: [UInt8](repeating: 0, count: 32),
            nonce: [UInt8](repeating: 0, count: 12))
        XCTAssertEqual(
            sealed,
            [UInt8](repeating: 0, count: 12) + hex("cea7403d4d606b6e074ec5d3baf39d18")
                + hex("d0d1c8a799996bf0265b98b5d48ab919"))
    }

    func test_seal_testCase15_producesPublishedCiphertextAndTag() throws {
        let sealed = try AES256GCM.seal(plaintext15, key: key15, nonce: nonce15)
        XCTAssertEqual(sealed, nonce15 + ciphertext15 + hex("b094dac5d93471bdec1a502270e3cc6c"))
    }

    func test_seal_testCase16WithAssociatedData_producesPublishedCiphertextAndTag() throws {
        let sealed = try AES256GCM.seal(
            Array(plaintext15.prefix(60)), key: key15, nonce: nonce15, associatedData: aad16)
        XCTAssertEqual(sealed, nonce15 + Array(ciphertext15.prefix(60)) + hex("76fc6ece0f4e1768cddf8853bb2d551b"))
    }

    func test_open_testCase16_recoversPlaintext() throws {
        let sealed = nonce15 + Array(ciphertext15.prefix(60)) + hex("76fc6ece0f4e1768cddf8853bb2d551b")
        XCTAssertEqual(try AES256GCM.open(sealed, key: key15, associatedData: aad16), Array(plaintext15.prefix(60)))
    }

    func test_sealThenOpen_roundTripsWithRandomNonce() throws {
        let key = SecureRandom.bytes(32)
        let message = bytes("participant 42 bought 3 coffees")
        let sealed = try AES256GCM.seal(message, key: key, associatedData: bytes("tenant:cafe"))
        XCTAssertEqual(sealed.count, 12 + message.count + 16)
        XCTAssertEqual(try AES256GCM.open(sealed, key: key, associatedData: bytes("tenant:cafe")), message)
    }

    func test_seal_twiceSamePlaintext_usesDifferentNonces() throws {
        let key = SecureRandom.bytes(32)
        XCTAssertNotEqual(try AES256GCM.seal(bytes("x"), key: key), try AES256GCM.seal(bytes("x"), key: key))
    }

    func test_sealThenOpen_emptyPlaintext_roundTrips() throws {
        let key = SecureRandom.bytes(32)
        XCTAssertEqual(try AES256GCM.open(try AES256GCM.seal([], key: key), key: key), [])
    }

    func test_open_flippedBitAnywhere_throwsAuthenticationFailed() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AES256GCM.seal(bytes("secret payload"), key: key)
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            XCTAssertThrowsError(try AES256GCM.open(tampered, key: key), "byte \(index)") { error in
                XCTAssertEqual(error as? CryptoError, .authenticationFailed)
            }
        }
    }

    func test_open_wrongAssociatedData_throwsAuthenticationFailed() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AES256GCM.seal(bytes("payload"), key: key, associatedData: bytes("tenant:a"))
        XCTAssertThrowsError(try AES256GCM.open(sealed, key: key, associatedData: bytes("tenant:b"))) { error in
            XCTAssertEqual(error as? CryptoError, .authenticationFailed)
        }
    }

    func test_open_wrongKey_throwsAuthenticationFailed() throws {
        let sealed = try AES256GCM.seal(bytes("payload"), key: SecureRandom.bytes(32))
        XCTAssertThrowsError(try AES256GCM.open(sealed, key: SecureRandom.bytes(32))) { error in
            XCTAssertEqual(error as? CryptoError, .authenticationFailed)
        }
    }

    func test_open_truncatedBox_throwsTooShort() {
        XCTAssertThrowsError(try AES256GCM.open([UInt8](repeating: 0, count: 27), key: SecureRandom.bytes(32))) {
            XCTAssertEqual($0 as? CryptoError, .sealedDataTooShort(minimum: 28, actual: 27))
        }
    }

    func test_seal_shortKey_throwsInvalidKeyLength() {
        XCTAssertThrowsError(try AES256GCM.seal([1], key: [UInt8](repeating: 0, count: 16))) {
            XCTAssertEqual($0 as? CryptoError, .invalidKeyLength(expected: 32, actual: 16))
        }
    }

    func test_seal_wrongNonceLength_throwsInvalidNonceLength() {
        XCTAssertThrowsError(try AES256GCM.seal([1], key: SecureRandom.bytes(32), nonce: [0, 0])) {
            XCTAssertEqual($0 as? CryptoError, .invalidNonceLength(expected: 12, actual: 2))
        }
    }

    func test_errorDescriptions_containNoKeyMaterial() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AES256GCM.seal(bytes("payload"), key: key)
        var tampered = sealed
        tampered[tampered.count - 1] ^= 0xff
        do {
            _ = try AES256GCM.open(tampered, key: key)
            XCTFail("tampered box opened")
        } catch {
            XCTAssertFalse(error.description.contains(Hex.encode(key)))
            XCTAssertFalse(error.description.contains(Base64URL.encode(key)))
        }
    }
}
