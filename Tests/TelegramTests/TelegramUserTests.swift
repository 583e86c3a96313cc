import XCTest

@testable import Telegram

final class TelegramUserTests: XCTestCase {
    func test_initJSON_readsEveryDocumentedField() throws {
        let user = try TelegramUser(
            json:
                #"{"id":279058397,"first_name":"Vladislav","last_name":"Kibenko","username":"vdkfrost","language_code":"ru","is_premium":true,"allows_write_to_pm":true,"photo_url":"https:\/\/t.me\/i\/userpic\/320\/x.svg","is_bot":false,"added_to_attachment_menu":true}"#
        )
        XCTAssertEqual(
            user,
            TelegramUser(
                id: 279_058_397, firstName: "Vladislav", lastName: "Kibenko", username: "vdkfrost",
                languageCode: "ru", isPremium: true, photoURL: "https://t.me/i/userpic/320/x.svg",
                allowsWriteToPM: true))
    }

    func test_initJSON_nullOptionalsAreAbsent() throws {
        let user = try TelegramUser(json: #"{"id":1,"first_name":"A","last_name":null,"is_premium":null}"#)
        XCTAssertNil(user.lastName)
        XCTAssertFalse(user.isPremium)
    }

    func test_telegramJSON_matchesTelegramsLayout() {
        let user = TelegramUser(
            id: 7, firstName: "A\"/\n", lastName: "L", username: "u", languageCode: "en", isPremium: true,
            photoURL: "https://t.me/p", allowsWriteToPM: true)
        XCTAssertEqual(
            user.telegramJSON,
            #"{"id":7,"first_name":"A\"\/\n","last_name":"L","username":"u","language_code":"en","is_premium":true,"allows_write_to_pm":true,"photo_url":"https:\/\/t.me\/p"}"#
        )
        XCTAssertEqual(TelegramUser(id: 1, firstName: "B").telegramJSON, #"{"id":1,"first_name":"B"}"#)
    }

    func test_telegramJSON_roundTripsThroughParser() throws {
        let user = TelegramUser(
            id: 4_503_599_627_370_495, firstName: "Ünï \u{1}\t😀", lastName: "\\", languageCode: "pt-br",
            allowsWriteToPM: true)
        XCTAssertEqual(try TelegramUser(json: user.telegramJSON), user)
    }
}
