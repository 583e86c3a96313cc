import Foundation
import TesseraCrypto
import XCTest

@testable import Telegram

final class InitDataValidatorTests: XCTestCase {
    private let token = "123456:TEST-token_for-tessera"
    private let now = Date(timeIntervalSince1970: 1_760_000_000)
    private let user = TelegramUser(id: 777, firstName: "Ann", username: "ann")

    private func expectError(
        _ expected: InitDataError,
        _ raw: String,
        validator: InitDataValidator? = nil,
        now: Date? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let validator = validator ?? InitDataValidator(botToken: token)
        do {
            _ = try validator.validate(raw, now: now ?? self.now)
            XCTFail("accepted; expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
        }
    }

    private func signed(_ fields: [(String, String)]) -> String {
        InitDataSigner.sign(fields: fields, botToken: token)
    }

    private var authDateNow: String { String(Int64(now.timeIntervalSince1970)) }

    // MARK: Published vectors

    func test_validate_aiogramVector_acceptsWithTheirToken() throws {
        let validator = InitDataValidator(botToken: PublishedVectors.aiogramToken)
        let data = try validator.validate(
            PublishedVectors.aiogramInitData,
            now: Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate + 30))
        XCTAssertEqual(data.user, TelegramUser(id: 42, firstName: "Test"))
        XCTAssertEqual(data.queryID, "test")
        XCTAssertEqual(data.authDate, Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate))
        XCTAssertEqual(data.hash, "46d2ea5e32911ec8d30999b56247654460c0d20949b6277af519e76271182803")
        XCTAssertNil(data.startParam)
    }

    func test_validate_aiogramVector_rejectsOtherToken() {
        // aiogram's own negative case: the same data under token "42:INVALID".
        expectError(
            .signatureMismatch, PublishedVectors.aiogramInitData,
            validator: InitDataValidator(botToken: "42:INVALID"),
            now: Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate))
    }

    func test_validate_aiogramVector_rejectsOneChangedByte() {
        let at = Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate)
        let validator = InitDataValidator(botToken: PublishedVectors.aiogramToken)
        for (target, replacement) in [
            ("query_id=test", "query_id=tesu"), ("%22Test%22", "%22Tesu%22"), ("1650385342", "1650385343"),
            ("hash=46d2", "hash=46d3"),
        ] {
            expectError(
                .signatureMismatch,
                PublishedVectors.replacing(target, with: replacement, in: PublishedVectors.aiogramInitData),
                validator: validator, now: at)
        }
    }

    func test_validate_aiogramPlusEncodedVector_hashMatchesOnlyWithPlusAsSpace() {
        // The hash is checked first, so reaching the user check proves `+` decoded to a space
        // and `\ud83c\uddfa` stayed as received; the string id then fails Tessera's user rules.
        let at = Date(timeIntervalSince1970: PublishedVectors.aiogramAuthDate)
        let validator = InitDataValidator(botToken: PublishedVectors.aiogramToken)
        expectError(
            .invalidUser("id is not a positive integer"), PublishedVectors.aiogramPlusEncodedInitData,
            validator: validator, now: at)
        // %20 decodes to the same space, so the hash still matches; a literal %2B does not.
        expectError(
            .invalidUser("id is not a positive integer"),
            PublishedVectors.replacing(
                "%3A+%22Latand", with: "%3A%20%22Latand", in: PublishedVectors.aiogramPlusEncodedInitData),
            validator: validator, now: at)
        expectError(
            .signatureMismatch,
            PublishedVectors.replacing(
                "%3A+%22Latand", with: "%3A%2B%22Latand", in: PublishedVectors.aiogramPlusEncodedInitData),
            validator: validator, now: at)
        expectError(
            .signatureMismatch,
            PublishedVectors.replacing("Latand", with: "Latanc", in: PublishedVectors.aiogramPlusEncodedInitData),
            validator: validator, now: at)
    }

    func test_validate_tmaJsVector_acceptsWithInjectedNow() throws {
        let validator = InitDataValidator(botToken: PublishedVectors.tmaToken)
        let data = try validator.validate(PublishedVectors.tmaInitData, now: Date(timeIntervalSince1970: 100))
        XCTAssertEqual(
            data.user,
            TelegramUser(
                id: 222, firstName: "user-first-name", lastName: "user-last-name", username: "user-username",
                languageCode: "en", isPremium: false, photoURL: "user-photo", allowsWriteToPM: false))
        XCTAssertEqual(data.startParam, "debug")
        XCTAssertEqual(data.queryID, "QUERY")
        XCTAssertEqual(data.chatType, "sender")
        XCTAssertEqual(data.chatInstance, "888")
        XCTAssertEqual(data.value(for: "can_send_after"), "10000")
        XCTAssertEqual(data.fields.count, 10)
    }

    func test_validate_tmaJsVector_expiredAtDefaultMaxAge() {
        // tma.js also reports this data (auth_date=1) as expired with its default 24 h.
        expectError(
            .expired(ageSeconds: 86_401), PublishedVectors.tmaInitData,
            validator: InitDataValidator(botToken: PublishedVectors.tmaToken),
            now: Date(timeIntervalSince1970: 86_402))
    }

    func test_validate_tmaJsVector_rejectsTokenWithExtraCharacter() {
        expectError(
            .signatureMismatch, PublishedVectors.tmaInitData,
            validator: InitDataValidator(botToken: PublishedVectors.tmaToken + "A"),
            now: Date(timeIntervalSince1970: 100))
    }

    func test_validate_initDataGolangVector_accepts() throws {
        let validator = InitDataValidator(botToken: PublishedVectors.goToken)
        let data = try validator.validate(
            PublishedVectors.goInitData, now: Date(timeIntervalSince1970: PublishedVectors.goAuthDate + 5))
        XCTAssertEqual(
            data.user,
            TelegramUser(
                id: 279_058_397, firstName: "Vladislav", lastName: "Kibenko", username: "vdkfrost",
                languageCode: "ru", isPremium: true))
        XCTAssertEqual(data.queryID, "AAHdF6IQAAAAAN0XohDhrOrc")
    }

    func test_validate_initDataGolangVector_rejectsAppendedBytes() {
        // init-data-golang's own negative case: "abc" appended to the hash.
        expectError(
            .signatureMismatch, PublishedVectors.goInitData + "abc",
            validator: InitDataValidator(botToken: PublishedVectors.goToken),
            now: Date(timeIntervalSince1970: PublishedVectors.goAuthDate))
    }

    // MARK: Rejections

    func test_validate_emptyString_isMissing() {
        expectError(.missing, "")
    }

    func test_validate_aiogramMalformedCase_isMalformed() {
        expectError(.malformed("field without '='"), "test&foo=bar=baz")
    }

    func test_validate_structuralDefects_areMalformed() {
        let cases: [(String, String)] = [
            ("a=1&&b=2", "empty field"),
            ("a=1&", "empty field"),
            ("&a=1", "empty field"),
            ("a=%zz", "invalid percent-escape"),
            ("a=%4", "invalid percent-escape"),
            ("a=%ff%fe", "field is not valid UTF-8"),
            ("=1", "field name is not [A-Za-z_]+"),
            ("a%3Db=1", "field name is not [A-Za-z_]+"),
            ("a1=1", "field name is not [A-Za-z_]+"),
            ("a=1%0Ab%3D2", "field value contains a line feed"),
            ("auth_date=1&auth_date=2&hash=00", "duplicate field"),
            ("hash=00&hash=00", "duplicate field"),
        ]
        for (raw, detail) in cases {
            expectError(.malformed(detail), raw)
        }
    }

    func test_validate_overlongInput_isMalformedBeforeHashing() {
        expectError(.malformed("longer than 65536 bytes"), "a=" + String(repeating: "x", count: 65_535))
    }

    func test_validate_noHash_isMissingHash() {
        expectError(.missingHash, "auth_date=1&user=%7B%7D")
        expectError(.missingHash, "auth_date=1&hash=")
    }

    func test_validate_wrongHash_isSignatureMismatch() {
        expectError(.signatureMismatch, "auth_date=1&hash=abc")
        expectError(.signatureMismatch, "auth_date=1&hash=" + String(repeating: "0", count: 64))
    }

    func test_validate_uppercaseHash_isSignatureMismatch() {
        // Telegram sends lowercase hex; the comparison is on the exact text.
        let raw = signed([("auth_date", authDateNow), ("user", user.telegramJSON)])
        let hash = String(raw.split(separator: "=").last!)
        XCTAssertNotEqual(hash.uppercased(), hash)
        expectError(.signatureMismatch, raw.replacingOccurrences(of: hash, with: hash.uppercased()))
    }

    func test_validate_addedField_isSignatureMismatch() {
        let raw = signed([("auth_date", authDateNow), ("user", user.telegramJSON)])
        expectError(.signatureMismatch, raw + "&start_param=admin")
    }

    func test_validate_removedField_isSignatureMismatch() {
        let raw = signed([("auth_date", authDateNow), ("user", user.telegramJSON), ("start_param", "promo")])
        expectError(.signatureMismatch, raw.replacingOccurrences(of: "&start_param=promo", with: ""))
    }

    func test_validate_valueMovedAcrossLineBoundary_isRejected() {
        // Without the line-feed rule, "start_param" = "x\nuser=…" would reproduce the
        // data-check-string of genuine fields and pass the hash check.
        let raw = signed([("auth_date", authDateNow), ("start_param", "x"), ("user", user.telegramJSON)])
        let forged =
            "auth_date=\(authDateNow)&start_param=x%0Auser%3D" + InitDataQuery.encode(user.telegramJSON) + "&hash="
            + raw.components(separatedBy: "hash=").last!
        expectError(.malformed("field value contains a line feed"), forged)
    }

    func test_validate_authDateAtMaxAge_accepts() throws {
        let issued = now.addingTimeInterval(-86_400)
        let raw = InitDataSigner.sign(user: user, authDate: issued, botToken: token)
        XCTAssertEqual(try InitDataValidator(botToken: token).validate(raw, now: now).user, user)
    }

    func test_validate_authDateOneSecondPastMaxAge_isExpired() {
        let raw = InitDataSigner.sign(user: user, authDate: now.addingTimeInterval(-86_401), botToken: token)
        expectError(.expired(ageSeconds: 86_401), raw)
    }

    func test_validate_customMaxAge_isApplied() throws {
        let raw = InitDataSigner.sign(user: user, authDate: now.addingTimeInterval(-3_601), botToken: token)
        let strict = InitDataValidator(botToken: token, maxAge: 3_600)
        expectError(.expired(ageSeconds: 3_601), raw, validator: strict)
        XCTAssertNoThrow(try InitDataValidator(botToken: token).validate(raw, now: now))
    }

    func test_validate_authDateWithinClockSkew_accepts() throws {
        let raw = InitDataSigner.sign(user: user, authDate: now.addingTimeInterval(60), botToken: token)
        XCTAssertNoThrow(try InitDataValidator(botToken: token).validate(raw, now: now))
    }

    func test_validate_authDateBeyondClockSkew_isInFuture() {
        let raw = InitDataSigner.sign(user: user, authDate: now.addingTimeInterval(61), botToken: token)
        expectError(.authDateInFuture, raw)
        expectError(.authDateInFuture, raw, validator: InitDataValidator(botToken: token, allowedClockSkew: 0))
    }

    func test_validate_missingAuthDate_isMalformed() {
        expectError(.malformed("auth_date is missing"), signed([("user", user.telegramJSON)]))
    }

    func test_validate_nonNumericAuthDate_isMalformed() {
        for value in ["abc", "-5", "+5", "1.5", "", "1234567890123"] {
            expectError(
                .malformed("auth_date is not a Unix time"), signed([("auth_date", value), ("user", user.telegramJSON)]))
        }
    }

    func test_validate_missingUser_isMissingUser() {
        expectError(.missingUser, signed([("auth_date", authDateNow), ("query_id", "q")]))
    }

    func test_validate_invalidUser_isInvalidUserWithReason() {
        let cases: [(String, String)] = [
            ("not json", "not valid JSON (invalid literal)"),
            ("<user>", "not valid JSON (unexpected character)"),
            ("[1]", "not a JSON object"),
            (#"{"first_name":"A"}"#, "id is missing"),
            (#"{"id":"42","first_name":"A"}"#, "id is not a positive integer"),
            (#"{"id":0,"first_name":"A"}"#, "id is not a positive integer"),
            (#"{"id":1.5,"first_name":"A"}"#, "id is not a positive integer"),
            (#"{"id":99999999999999999999,"first_name":"A"}"#, "id is not a positive integer"),
            (#"{"id":1}"#, "first_name is missing"),
            (#"{"id":1,"first_name":7}"#, "first_name is not a string"),
            (#"{"id":1,"first_name":"A","username":1}"#, "username is not a string"),
            (#"{"id":1,"first_name":"A","is_premium":"true"}"#, "is_premium is not a boolean"),
            (#"{"id":1,"first_name":"A","allows_write_to_pm":1}"#, "allows_write_to_pm is not a boolean"),
            (#"{"id":1,"id":2,"first_name":"A"}"#, "not valid JSON (duplicate key)"),
        ]
        for (json, reason) in cases {
            expectError(.invalidUser(reason), signed([("auth_date", authDateNow), ("user", json)]))
        }
    }

    // MARK: Secrets

    func test_secretKey_isHMACOfTokenUnderWebAppData() {
        XCTAssertEqual(
            InitDataValidator.secretKey(botToken: token),
            HMACSHA256.authenticate(key: Array("WebAppData".utf8), message: Array(token.utf8)))
    }

    func test_errors_neverContainTheBotTokenOrSecret() {
        let validator = InitDataValidator(botToken: token)
        let secretHex = Hex.encode(InitDataValidator.secretKey(botToken: token))
        let inputs = [
            "", "garbage", "a=%zz", "auth_date=1", "auth_date=1&hash=00",
            signed([("user", user.telegramJSON)]),
            signed([("auth_date", "1"), ("user", user.telegramJSON)]),
            signed([("auth_date", String(Int64(now.timeIntervalSince1970) + 999)), ("user", user.telegramJSON)]),
            signed([("auth_date", authDateNow)]),
            signed([("auth_date", authDateNow), ("user", "{")]),
        ]
        var seenCodes: Set<String> = []
        for raw in inputs {
            do {
                _ = try validator.validate(raw, now: now)
                XCTFail("accepted \(raw)")
            } catch {
                seenCodes.insert(error.code)
                for text in [error.message, error.description, String(reflecting: error), "\(error)"] {
                    XCTAssertFalse(text.contains(token), text)
                    XCTAssertFalse(text.contains("TEST-token"), text)
                    XCTAssertFalse(text.contains(secretHex), text)
                }
            }
        }
        XCTAssertEqual(seenCodes.count, 8)
    }

    func test_validatorDescriptions_redactTheSecret() {
        let validator = InitDataValidator(botToken: token)
        let secretBytes = InitDataValidator.secretKey(botToken: token)
        for text in [
            String(describing: validator), String(reflecting: validator), "\(validator)",
            "\(Mirror(reflecting: validator).children.map { $0 })",
        ] {
            XCTAssertFalse(text.contains(token), text)
            XCTAssertFalse(text.contains(Hex.encode(secretBytes)), text)
            XCTAssertFalse(text.contains("\(secretBytes)"), text)
        }
    }
}
