import XCTest

@testable import TesseraCrypto

final class PasswordHashTests: XCTestCase {
    /// Cheap parameters for tests that are about the format, not the cost.
    let fast = Scrypt.Parameters(logN: 4, r: 1, p: 1)

    func test_make_usesOWASPParametersAndARandomSalt_andVerifies() throws {
        let hash = try PasswordHash.make(password: "correct horse battery staple")
        XCTAssertEqual(hash.parameters, .owasp)
        XCTAssertTrue(hash.encoded.hasPrefix("$scrypt$ln=17,r=8,p=1$"))
        XCTAssertEqual(hash.salt.count, 16)
        XCTAssertEqual(hash.key.count, 32)
        XCTAssertTrue(hash.verify("correct horse battery staple"))
        XCTAssertFalse(hash.verify("correct horse battery stapl"))
        XCTAssertFalse(hash.needsRehash())
        let again = try PasswordHash.make(password: "correct horse battery staple", parameters: fast)
        XCTAssertNotEqual(again.salt, hash.salt)
    }

    func test_encoded_roundTripsAndVerifiesAfterParsing() throws {
        let hash = try PasswordHash.make(password: "пароль-с-юникодом", parameters: fast)
        let parsed = try PasswordHash(encoded: hash.encoded)
        XCTAssertEqual(parsed, hash)
        XCTAssertTrue(parsed.verify("пароль-с-юникодом"))
        XCTAssertFalse(parsed.verify(""))
    }

    func test_encoded_matchesAKnownScryptOutput() throws {
        // RFC 7914's second vector, truncated to 32 bytes: scrypt("password", "NaCl", N=1024, r=8, p=16).
        let known = "$scrypt$ln=10,r=8,p=16$\(Base64URL.encode(bytes("NaCl12345")))$"
        let key = try Scrypt.derive(
            password: bytes("password"), salt: bytes("NaCl12345"), parameters: .init(logN: 10, r: 8, p: 16), length: 32)
        XCTAssertTrue(try PasswordHash(encoded: known + Base64URL.encode(key)).verify("password"))
    }

    func test_needsRehash_whenParametersAreWeakerThanTheTarget() throws {
        let weak = try PasswordHash.make(password: "x", parameters: fast)
        XCTAssertTrue(weak.needsRehash())
        XCTAssertFalse(weak.needsRehash(target: fast))
        XCTAssertTrue(weak.needsRehash(target: .init(logN: 5, r: 1, p: 1)))
    }

    func test_make_refusesPasswordsOverTheLimit() throws {
        let limit = PasswordHash.maximumPasswordBytes
        XCTAssertNoThrow(try PasswordHash.make(password: String(repeating: "a", count: limit), parameters: fast))
        XCTAssertThrowsError(
            try PasswordHash.make(password: String(repeating: "a", count: limit + 1), parameters: fast)
        ) {
            XCTAssertEqual($0 as? PasswordHashError, .passwordTooLong(maximumBytes: limit))
        }
        let hash = try PasswordHash.make(password: "a", parameters: fast)
        XCTAssertFalse(hash.verify(String(repeating: "a", count: limit + 1)))
    }

    func test_init_refusesMalformedStrings() throws {
        let salt = Base64URL.encode([UInt8](repeating: 1, count: 16))
        let key = Base64URL.encode([UInt8](repeating: 2, count: 32))
        let malformed = [
            "", "$scrypt$", "plain-text-password", "$argon2id$v=19$m=65536,t=3,p=4$\(salt)$\(key)",
            "$scrypt$ln=17,r=8$\(salt)$\(key)", "$scrypt$ln=17,r=8,p=1,x=2$\(salt)$\(key)",
            "$scrypt$ln=17,r=8,r=8$\(salt)$\(key)",
            "$scrypt$ln=+17,r=8,p=1$\(salt)$\(key)", "$scrypt$ln=-1,r=8,p=1$\(salt)$\(key)",
            "$scrypt$ln=17,r=8,p=1$\(salt)",
            "$scrypt$ln=17,r=8,p=1$\(salt)$\(key)$", "$scrypt$ln=17,r=8,p=1$$\(key)", "$scrypt$ln=17,r=8,p=1$\(salt)$",
            "$scrypt$ln=17,r=8,p=1$\(salt)$\(key)==", "$scrypt$ln=17,r=8,p=1$abc$\(key)",
            "$scrypt$ln=17,r=8,p=1$\(salt)$AAAA",
            "$scrypt$ln=99999999999999999999,r=8,p=1$\(salt)$\(key)",
            "$scrypt$ln=17,r=8,p=1$\(salt)$" + String(repeating: "A", count: 300),
        ]
        for string in malformed {
            XCTAssertThrowsError(try PasswordHash(encoded: string), string) { error in
                guard case .malformed = error as? PasswordHashError else { return XCTFail("\(string): \(error)") }
            }
        }
    }

    func test_init_refusesParametersThatWouldAllocateTooMuch() {
        let salt = Base64URL.encode([UInt8](repeating: 1, count: 16))
        let key = Base64URL.encode([UInt8](repeating: 2, count: 32))
        // 2^30 · 128 · 8 bytes would be a terabyte; r·p too large is hours of work.
        for parameters in [
            "ln=30,r=8,p=1", "ln=21,r=8,p=1", "ln=17,r=999,p=1", "ln=17,r=8,p=16", "ln=0,r=8,p=1", "ln=17,r=0,p=1",
        ] {
            XCTAssertThrowsError(try PasswordHash(encoded: "$scrypt$\(parameters)$\(salt)$\(key)"), parameters) {
                error in
                XCTAssertEqual(error as? PasswordHashError, .parametersOutOfRange(parameters), parameters)
            }
        }
    }

    func test_description_isRedacted() throws {
        let hash = try PasswordHash.make(password: "secret", parameters: fast)
        XCTAssertFalse(hash.description.contains(Base64URL.encode(hash.key)))
        XCTAssertFalse(hash.description.contains(Base64URL.encode(hash.salt)))
    }
}
