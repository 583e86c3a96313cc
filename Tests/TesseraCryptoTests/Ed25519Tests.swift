import XCTest

@testable import TesseraCrypto

/// Known answers from RFC 8032 section 7.1 (TEST 1 and TEST 2).
final class Ed25519Tests: XCTestCase {
    private let secret1 = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    private let public1 = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    private let signature1 = hex(
        """
        e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
        """)
    private let secret2 = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
    private let public2 = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
    private let signature2 = hex(
        """
        92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00
        """)

    func test_publicKey_rfc8032Tests1And2_derivedFromSecret() throws {
        XCTAssertEqual(try Ed25519.publicKey(forPrivateKey: secret1), public1)
        XCTAssertEqual(try Ed25519.publicKey(forPrivateKey: secret2), public2)
    }

    func test_sign_rfc8032Test1EmptyMessage_producesPublishedSignature() throws {
        XCTAssertEqual(try Ed25519.sign(message: [], privateKey: secret1), signature1)
    }

    func test_sign_rfc8032Test2OneByteMessage_producesPublishedSignature() throws {
        XCTAssertEqual(try Ed25519.sign(message: [0x72], privateKey: secret2), signature2)
    }

    func test_verify_rfc8032Vectors_accepts() {
        XCTAssertTrue(Ed25519.verify(signature: signature1, message: [], publicKey: public1))
        XCTAssertTrue(Ed25519.verify(signature: signature2, message: [0x72], publicKey: public2))
    }

    func test_verify_changedMessage_rejects() {
        XCTAssertFalse(Ed25519.verify(signature: signature2, message: [0x73], publicKey: public2))
        XCTAssertFalse(Ed25519.verify(signature: signature1, message: [0x00], publicKey: public1))
    }

    func test_verify_flippedSignatureBit_rejects() {
        for index in [0, 31, 32, 63] {
            var tampered = signature2
            tampered[index] ^= 0x01
            XCTAssertFalse(Ed25519.verify(signature: tampered, message: [0x72], publicKey: public2), "byte \(index)")
        }
    }

    func test_verify_otherPublicKey_rejects() {
        XCTAssertFalse(Ed25519.verify(signature: signature2, message: [0x72], publicKey: public1))
    }

    func test_verify_wrongLengths_rejectWithoutCrashing() {
        XCTAssertFalse(Ed25519.verify(signature: Array(signature1.dropLast()), message: [], publicKey: public1))
        XCTAssertFalse(Ed25519.verify(signature: signature1, message: [], publicKey: Array(public1.dropLast())))
        XCTAssertFalse(Ed25519.verify(signature: [], message: [], publicKey: []))
    }

    func test_generateKeyPair_signsAndVerifies() throws {
        let pair = Ed25519.generateKeyPair()
        XCTAssertEqual(pair.publicKey.count, 32)
        XCTAssertEqual(pair.privateKey.count, 32)
        XCTAssertEqual(try Ed25519.publicKey(forPrivateKey: pair.privateKey), pair.publicKey)
        let message = bytes("42:WebAppData\nauth_date=1")
        let signature = try Ed25519.sign(message: message, privateKey: pair.privateKey)
        XCTAssertTrue(Ed25519.verify(signature: signature, message: message, publicKey: pair.publicKey))
        XCTAssertNotEqual(Ed25519.generateKeyPair().publicKey, pair.publicKey)
    }

    func test_sign_shortPrivateKey_throwsInvalidKeyLength() {
        XCTAssertThrowsError(try Ed25519.sign(message: [], privateKey: [1, 2, 3])) {
            XCTAssertEqual($0 as? CryptoError, .invalidKeyLength(expected: 32, actual: 3))
        }
    }
}
