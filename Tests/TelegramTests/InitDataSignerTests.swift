import Foundation
import XCTest

@testable import Telegram

final class InitDataSignerTests: XCTestCase {
    private let token = "987654:signer-token"
    private let now = Date(timeIntervalSince1970: 1_760_000_000)

    func test_sign_reproducesTmaJsSignerOutputExactly() {
        // The fields of tma.js's vector, decoded, in their order: our encoding and hash must
        // produce their expected string byte for byte.
        let fields = try! InitDataQuery.parse(PublishedVectors.tmaInitData)
        XCTAssertEqual(
            InitDataSigner.sign(fields: fields, botToken: PublishedVectors.tmaToken), PublishedVectors.tmaSignerOutput)
    }

    func test_sign_replacesAnExistingHash() {
        let fields = [("auth_date", "1"), ("hash", "stale"), ("user", "{}")]
        let raw = InitDataSigner.sign(fields: fields, botToken: token)
        XCTAssertEqual(raw.components(separatedBy: "hash=").count, 2)
        XCTAssertFalse(raw.contains("stale"))
        XCTAssertTrue(raw.hasPrefix("auth_date=1&user=%7B%7D&hash="))
    }

    func test_signUser_roundTripsThroughValidator() throws {
        let user = TelegramUser(
            id: 123_456_789, firstName: "Zoë & \"Max\"", lastName: "O'Brien / 李", username: "zoe_max",
            languageCode: "en", isPremium: true, photoURL: "https://t.me/i/userpic/320/a+b.svg",
            allowsWriteToPM: true)
        let raw = InitDataSigner.sign(
            user: user, authDate: now, startParam: "ref-42_x", queryID: "AAH", botToken: token)
        let data = try InitDataValidator(botToken: token).validate(raw, now: now)
        XCTAssertEqual(data.user, user)
        XCTAssertEqual(data.startParam, "ref-42_x")
        XCTAssertEqual(data.queryID, "AAH")
        XCTAssertEqual(data.authDate, now)
        XCTAssertEqual(data.fields.map(\.0), ["query_id", "user", "auth_date", "start_param", "hash"])
    }

    func test_signUser_encodesLikeTelegram() {
        let user = TelegramUser(id: 1, firstName: "A B+C", photoURL: "https://x/y")
        let raw = InitDataSigner.sign(user: user, authDate: now, botToken: token)
        // Spaces as %20, '+' as %2B, '/' escaped in JSON as \/ and then encoded as %5C%2F.
        XCTAssertTrue(raw.contains("%22A%20B%2BC%22"), raw)
        XCTAssertTrue(raw.contains("https%3A%5C%2F%5C%2Fx%5C%2Fy"), raw)
        XCTAssertFalse(raw.contains("+"))
        XCTAssertFalse(raw.contains(" "))
    }

    func test_sign_fieldValuesWithReservedCharacters_roundTrip() throws {
        let fields = [
            ("auth_date", "1760000000"), ("start_param", "a&b=c%d+e f"), ("user", #"{"id":3,"first_name":"Ω"}"#),
        ]
        let data = try InitDataValidator(botToken: token).validate(
            InitDataSigner.sign(fields: fields, botToken: token), now: now)
        XCTAssertEqual(data.startParam, "a&b=c%d+e f")
        XCTAssertEqual(data.user.firstName, "Ω")
    }

    func test_sign_otherToken_doesNotValidate() {
        let raw = InitDataSigner.sign(user: TelegramUser(id: 1, firstName: "A"), authDate: now, botToken: token)
        XCTAssertThrowsError(try InitDataValidator(botToken: token + "x").validate(raw, now: now)) {
            XCTAssertEqual($0 as? InitDataError, .signatureMismatch)
        }
    }

    func test_fields_omitAbsentOptionals() {
        let fields = InitDataSigner.fields(user: TelegramUser(id: 1, firstName: "A"), authDate: now)
        XCTAssertEqual(fields.map(\.0), ["user", "auth_date"])
        XCTAssertEqual(fields[1].1, "1760000000")
    }

    func test_signWithSigningKey_wrongKeyLength_throws() {
        XCTAssertThrowsError(try InitDataSigner.sign(fields: [], botToken: token, botID: 1, signingKey: [1, 2]))
    }
}
