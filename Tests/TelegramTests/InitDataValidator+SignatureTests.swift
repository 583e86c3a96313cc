import Foundation
import TesseraCrypto
import XCTest

@testable import Telegram

final class InitDataValidatorSignatureTests: XCTestCase {
    private let aiogramKey = Hex.decode(PublishedVectors.aiogramSignaturePublicKey)!
    private let aiogramNow = Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate + 1)

    private func expectError(
        _ expected: InitDataError,
        _ raw: String,
        botID: Int64,
        publicKey: [UInt8],
        now: Date,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        do {
            _ = try InitDataValidator.validateSignature(raw: raw, botID: botID, publicKey: publicKey, now: now)
            XCTFail("accepted; expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
        }
    }

    func test_productionAndTestKeys_matchTelegramsPublishedKeys() {
        XCTAssertEqual(
            Hex.encode(InitDataValidator.productionPublicKey),
            "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d")
        XCTAssertEqual(
            Hex.encode(InitDataValidator.testEnvironmentPublicKey),
            "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec")
    }

    func test_validateSignature_telegramSignedVectorFromInitDataGolang_acceptsWithProductionKey() throws {
        let data = try InitDataValidator.validateSignature(
            raw: PublishedVectors.goThirdPartyInitData, botID: PublishedVectors.goThirdPartyBotID,
            now: Date(timeIntervalSince1970: PublishedVectors.goThirdPartyAuthDate + 10))
        XCTAssertEqual(data.user.id, 279_058_397)
        XCTAssertEqual(data.user.firstName, "Vladislav + - ? /")
        XCTAssertEqual(
            data.user.photoURL, "https://t.me/i/userpic/320/4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg")
        XCTAssertTrue(data.user.isPremium)
        XCTAssertTrue(data.user.allowsWriteToPM)
        XCTAssertEqual(data.chatType, "private")
        XCTAssertEqual(data.chatInstance, "8134722200314281151")
        XCTAssertEqual(data.hash, "2174df5b000556d044f3f020384e879c8efcab55ddea2ced4eb752e93e7080d6")
        XCTAssertEqual(data.signature?.count, 86)
    }

    func test_validateSignature_telegramSignedVector_rejectsOtherBotTestKeyOrChangedByte() {
        let raw = PublishedVectors.goThirdPartyInitData
        let at = Date(timeIntervalSince1970: PublishedVectors.goThirdPartyAuthDate)
        let production = InitDataValidator.productionPublicKey
        expectError(.signatureMismatch, raw, botID: 7_342_037_358, publicKey: production, now: at)
        expectError(
            .signatureMismatch, raw, botID: PublishedVectors.goThirdPartyBotID,
            publicKey: InitDataValidator.testEnvironmentPublicKey, now: at)
        expectError(
            .signatureMismatch, PublishedVectors.replacing("chat_type=private", with: "chat_type=privatf", in: raw),
            botID: PublishedVectors.goThirdPartyBotID, publicKey: production, now: at)
        // init-data-golang's own negative case appends a byte to the signature.
        expectError(
            .signatureMismatch, raw + "a", botID: PublishedVectors.goThirdPartyBotID, publicKey: production, now: at)
    }

    func test_validateSignature_telegramSignedVector_hashIsNotPartOfTheSignedMessage() throws {
        let changedHash = PublishedVectors.replacing(
            "hash=2174", with: "hash=0000", in: PublishedVectors.goThirdPartyInitData)
        XCTAssertNoThrow(
            try InitDataValidator.validateSignature(
                raw: changedHash, botID: PublishedVectors.goThirdPartyBotID,
                now: Date(timeIntervalSince1970: PublishedVectors.goThirdPartyAuthDate)))
    }

    func test_validateSignature_telegramSignedVector_expiresWithDefaultMaxAge() {
        expectError(
            .expired(ageSeconds: 86_401), PublishedVectors.goThirdPartyInitData,
            botID: PublishedVectors.goThirdPartyBotID, publicKey: InitDataValidator.productionPublicKey,
            now: Date(timeIntervalSince1970: PublishedVectors.goThirdPartyAuthDate + 86_401))
    }

    func test_validateSignature_aiogramVector_acceptsWithTheirKey() throws {
        let data = try InitDataValidator.validateSignature(
            raw: PublishedVectors.aiogramSignedInitData, botID: 42, publicKey: aiogramKey, now: aiogramNow)
        XCTAssertEqual(data.user, TelegramUser(id: 42, firstName: "Test"))
        XCTAssertEqual(data.queryID, "test")
        XCTAssertEqual(data.hash, "123")
    }

    func test_validateSignature_aiogramKeyPair_publicKeyDerivesFromTheirPrivateKey() throws {
        XCTAssertEqual(
            try Ed25519.publicKey(forPrivateKey: Hex.decode(PublishedVectors.aiogramSignaturePrivateKey)!), aiogramKey)
    }

    func test_validateSignature_aiogramBadSignature_isSignatureMismatch() {
        expectError(
            .signatureMismatch, PublishedVectors.aiogramBadSignatureInitData, botID: 42, publicKey: aiogramKey,
            now: aiogramNow)
        expectError(
            .signatureMismatch, PublishedVectors.aiogramSignedInitData, botID: 43, publicKey: aiogramKey,
            now: aiogramNow)
    }

    func test_validateSignature_aiogramRejections() {
        expectError(
            .missingSignature,
            "auth_date=1650385342&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D&query_id=test",
            botID: 42, publicKey: aiogramKey, now: aiogramNow)
        expectError(.missing, "", botID: 42, publicKey: aiogramKey, now: aiogramNow)
        expectError(
            .malformed("field without '='"), "test&foo=bar=baz", botID: 42, publicKey: aiogramKey, now: aiogramNow)
    }

    func test_validateSignature_undecodableSignature_isSignatureMismatch() {
        for signature in ["not*base64", "AAAA", "JQ0JR2tjC65yq%2BjNZV0w", "Zh"] {
            expectError(
                .signatureMismatch, "auth_date=1&signature=\(signature)", botID: 42, publicKey: aiogramKey,
                now: Date(timeIntervalSince1970: 1))
        }
        expectError(.missingSignature, "auth_date=1&signature=", botID: 42, publicKey: aiogramKey, now: aiogramNow)
    }

    func test_validateSignature_ownKeyPair_roundTripsThroughSigner() throws {
        let pair = Ed25519.generateKeyPair()
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        let user = TelegramUser(id: 5, firstName: "Bo", languageCode: "de", isPremium: true)
        let raw = try InitDataSigner.sign(
            fields: InitDataSigner.fields(user: user, authDate: now, startParam: "promo_1"),
            botToken: "1:T", botID: 1, signingKey: pair.privateKey)
        let viaSignature = try InitDataValidator.validateSignature(
            raw: raw, botID: 1, publicKey: pair.publicKey, now: now)
        XCTAssertEqual(viaSignature.user, user)
        XCTAssertEqual(viaSignature.startParam, "promo_1")
        // The hash covers the signature field too, so both schemes accept the same data.
        XCTAssertEqual(try InitDataValidator(botToken: "1:T").validate(raw, now: now).user, user)
        expectError(.signatureMismatch, raw, botID: 1, publicKey: Ed25519.generateKeyPair().publicKey, now: now)
    }

    func test_validateSignature_expiryAndUserRulesStillApply() throws {
        let pair = Ed25519.generateKeyPair()
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        let future = try InitDataSigner.sign(
            fields: [("auth_date", "1760000100"), ("user", #"{"id":1,"first_name":"A"}"#)], botToken: "t", botID: 9,
            signingKey: pair.privateKey)
        expectError(.authDateInFuture, future, botID: 9, publicKey: pair.publicKey, now: now)
        let noUser = try InitDataSigner.sign(
            fields: [("auth_date", "1760000000")], botToken: "t", botID: 9, signingKey: pair.privateKey)
        expectError(.missingUser, noUser, botID: 9, publicKey: pair.publicKey, now: now)
    }
}
