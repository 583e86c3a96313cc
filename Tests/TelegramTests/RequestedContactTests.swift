import Foundation
import Telegram
import TesseraJSON
import XCTest

final class RequestedContactTests: XCTestCase {
    let token = "5000001:CONTACTtestAAAAAAAAAAAAAAAAAAAAAAAAA"
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var contact: RequestedContact {
        RequestedContact(
            userID: 42, phoneNumber: "79001234567", firstName: "Ann", lastName: "Lee",
            authDate: now.addingTimeInterval(-10))
    }

    func test_aSignedResponse_validates_andYieldsTheContact() throws {
        let raw = InitDataSigner.signContact(contact, botToken: token)
        XCTAssertTrue(raw.hasPrefix("contact=%7B"), raw)
        XCTAssertEqual(try InitDataValidator(botToken: token).validateContact(raw, now: now), contact)
    }

    func test_anotherBotsSignature_aChangedContact_andAnOldOne_areRefused() {
        let validator = InitDataValidator(botToken: token)
        let foreign = InitDataSigner.signContact(contact, botToken: "5000002:OTHERbotBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")
        XCTAssertThrowsError(try validator.validateContact(foreign, now: now)) {
            XCTAssertEqual($0 as? InitDataError, .signatureMismatch)
        }
        let changed = InitDataSigner.signContact(contact, botToken: token).replacingOccurrences(of: "42", with: "43")
        XCTAssertThrowsError(try validator.validateContact(changed, now: now)) {
            XCTAssertEqual($0 as? InitDataError, .signatureMismatch)
        }
        var old = contact
        old.authDate = now.addingTimeInterval(-86_401)
        XCTAssertThrowsError(try validator.validateContact(InitDataSigner.signContact(old, botToken: token), now: now))
        {
            XCTAssertEqual($0 as? InitDataError, .expired(ageSeconds: 86_401))
        }
        XCTAssertThrowsError(try validator.validateContact("contact=1&auth_date=1", now: now)) {
            XCTAssertEqual($0 as? InitDataError, .missingHash)
        }
    }

    func test_aSignedStringWithoutAContact_isMalformed() {
        let raw = InitDataSigner.sign(fields: [("auth_date", "1799999990")], botToken: token)
        XCTAssertThrowsError(try InitDataValidator(botToken: token).validateContact(raw, now: now)) {
            XCTAssertEqual($0 as? InitDataError, .malformed("contact is missing"))
        }
    }

    func test_aContactMessage_isParsed() throws {
        let update = try TelegramUpdate.parse(
            Array(
                #"{"update_id":1,"message":{"message_id":2,"date":3,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"Ann"},"contact":{"phone_number":"+79001234567","first_name":"Ann","user_id":42}}}"#
                    .utf8))
        guard case .message(let message) = update.content else { return XCTFail("not a message") }
        guard case .contact(let contact) = message.kind else { return XCTFail("not a contact: \(message.kind)") }
        XCTAssertEqual(contact.userID, 42)
        XCTAssertEqual(contact.phoneNumber, "+79001234567")
    }
}
