import Foundation
import XCTest

@testable import Telegram

final class InitDataTests: XCTestCase {
    func test_valueFor_returnsReceivedFieldOrNil() {
        let data = InitData(
            user: TelegramUser(id: 1, firstName: "A"), authDate: Date(timeIntervalSince1970: 0),
            fields: [("auth_date", "0"), ("chat_type", "group")])
        XCTAssertEqual(data.value(for: "chat_type"), "group")
        XCTAssertNil(data.value(for: "start_param"))
    }
}
