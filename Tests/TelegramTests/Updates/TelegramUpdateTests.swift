import Telegram
import TesseraJSON
import XCTest

final class TelegramUpdateTests: XCTestCase {
    func parse(_ json: String) throws -> TelegramUpdate { try TelegramUpdate.parse(Array(json.utf8)) }

    func test_parse_startWithPayload() throws {
        let update = try parse(
            #"{"update_id":10,"message":{"message_id":5,"from":{"id":42,"is_bot":false,"first_name":"Ann","username":"ann","language_code":"ru"},"chat":{"id":42,"type":"private"},"date":1700000000,"text":"/start ref_7","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}"#
        )
        XCTAssertEqual(update.updateID, 10)
        XCTAssertEqual(update.kind, "message")
        guard case .message(let message) = update.content else { return XCTFail("not a message") }
        XCTAssertEqual(message.from?.id, 42)
        XCTAssertEqual(message.from?.languageCode, "ru")
        XCTAssertEqual(message.chatType, "private")
        XCTAssertEqual(message.command?.name, "start")
        XCTAssertEqual(message.command?.payload, "ref_7")
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_700_000_000))
    }

    func test_command_handlesBotSuffixAndMissingPayload() throws {
        let update = try parse(
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"date":0,"text":"/start@cafe_bot"}}"#
        )
        guard case .message(let message) = update.content else { return XCTFail("not a message") }
        XCTAssertEqual(message.command?.name, "start")
        XCTAssertNil(message.command?.payload)
    }

    func test_parse_preCheckoutQueryAndSuccessfulPayment() throws {
        let query = try parse(
            #"{"update_id":2,"pre_checkout_query":{"id":"q1","from":{"id":42,"is_bot":false,"first_name":"Ann"},"currency":"XTR","total_amount":50,"invoice_payload":"order-1"}}"#
        )
        XCTAssertEqual(query.content, .preCheckoutQuery(try XCTUnwrap(query.preCheckout)))
        XCTAssertEqual(query.preCheckout?.totalAmount, 50)
        let paid = try parse(
            #"{"update_id":3,"message":{"message_id":9,"from":{"id":42,"is_bot":false,"first_name":"Ann"},"chat":{"id":42,"type":"private"},"date":0,"successful_payment":{"currency":"XTR","total_amount":50,"invoice_payload":"order-1","telegram_payment_charge_id":"ch1","provider_payment_charge_id":""}}}"#
        )
        guard case .message(let message) = paid.content else { return XCTFail("not a message") }
        XCTAssertEqual(message.successfulPayment?.telegramPaymentChargeID, "ch1")
        XCTAssertNil(message.text)
    }

    func test_parse_myChatMemberKicked() throws {
        let update = try parse(
            #"{"update_id":4,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"date":0,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"B"}},"new_chat_member":{"status":"kicked","until_date":0,"user":{"id":1,"is_bot":true,"first_name":"B"}}}}"#
        )
        guard case .myChatMember(let change) = update.content else { return XCTFail("not my_chat_member") }
        XCTAssertEqual(change.newStatus, "kicked")
        XCTAssertEqual(change.from.id, 42)
    }

    func test_parse_keepsUnknownKindsAndRejectsAMissingUpdateID() throws {
        let update = try parse(#"{"update_id":5,"callback_query":{"id":"c"}}"#)
        XCTAssertEqual(update.kind, "callback_query")
        XCTAssertEqual(update.content, .other)
        XCTAssertThrowsError(try parse(#"{"message":{}}"#))
        XCTAssertThrowsError(try parse(#"{"update_id":6,"message":{"text":"no ids"}}"#))
    }
}

extension TelegramUpdate {
    var preCheckout: PreCheckoutQuery? {
        if case .preCheckoutQuery(let q) = content { return q }
        return nil
    }
}
