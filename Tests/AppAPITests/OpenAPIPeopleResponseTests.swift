import Foundation
import HTTP
import Telegram
import XCTest

/// The People area's answers (ban list, contacts) against docs/openapi.json.
extension OpenAPIResponseTests {
    func test_peopleResponses_matchTheDocumentedStatusesAndSchemas() throws {
        let ann = TelegramUser(id: 730_001, firstName: "Ann", languageCode: "en")
        let bob = TelegramUser(id: 730_002, firstName: "Bob", languageCode: "en")
        let annAuth = ["Authorization": "tma " + Harness.initData("coffee-shop", user: ann)]
        let bobAuth = ["Authorization": "tma " + Harness.initData("coffee-shop", user: bob)]
        let staff = ["Authorization": "Bearer " + (try h.staffToken("coffee-shop"))]
        let contact = "/api/v1/{tenant}/me/contact"
        try check(.GET, contact, "/api/v1/coffee-shop/me/contact", headers: annAuth, expect: 200)
        try check(.GET, contact, "/api/v1/coffee-shop/me/contact", expect: 401)
        try check(
            .PUT, contact, "/api/v1/coffee-shop/me/contact", headers: annAuth,
            body:
                #"{"email":"ann@example.com","consent":true,"fields":{"drink":"filter","birthday":"1990-01-01","cups-per-week":3}}"#,
            expect: 200)
        try check(
            .PUT, contact, "/api/v1/coffee-shop/me/contact", headers: annAuth, body: #"{"email":"x"}"#, expect: 422)
        let phone = "/api/v1/{tenant}/me/contact/phone"
        let signed = InitDataSigner.signContact(
            RequestedContact(userID: ann.id, phoneNumber: "79001234567", authDate: Date()),
            botToken: Harness.tokens["coffee-shop"]!)
        let body = #"{"response":"\#(signed)"}"#
        try check(.POST, phone, "/api/v1/coffee-shop/me/contact/phone", headers: annAuth, body: body, expect: 200)
        try check(.POST, phone, "/api/v1/coffee-shop/me/contact/phone", headers: bobAuth, body: body, expect: 403)
        try check(
            .POST, phone, "/api/v1/coffee-shop/me/contact/phone", headers: bobAuth, body: #"{"response":"x=1"}"#,
            expect: 422)

        let id = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(ann.id)").first!
            .decode(Int64.self, 0)
        let card = "/admin/api/v1/{tenant}/participants/{participant}/contact"
        try check(.GET, card, "/admin/api/v1/coffee-shop/participants/\(id)/contact", headers: staff, expect: 200)
        try check(.GET, card, "/admin/api/v1/coffee-shop/participants/999999/contact", headers: staff, expect: 404)

        let ban = "/admin/api/v1/{tenant}/participants/{participant}/ban"
        try check(
            .POST, ban, "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: staff, body: "{}", expect: 422)
        try check(
            .POST, ban, "/admin/api/v1/coffee-shop/participants/999999/ban", headers: staff, body: #"{"reason":"x"}"#,
            expect: 404)
        try check(
            .POST, ban, "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: staff,
            body: #"{"reason":"spam","until":"2099-01-01T00:00:00Z"}"#, expect: 201)
        try check(
            .POST, ban, "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: staff, body: #"{"reason":"x"}"#,
            expect: 409)
        try check(.GET, "/api/v1/{tenant}/app", "/api/v1/coffee-shop/app", headers: annAuth, expect: 403)
        try check(.GET, contact, "/api/v1/coffee-shop/me/contact", headers: annAuth, expect: 403)
        try check(
            .GET, "/admin/api/v1/{tenant}/bans", "/admin/api/v1/coffee-shop/bans?limit=1", headers: staff, expect: 200)
        try check(
            .GET, "/admin/api/v1/{tenant}/bans", "/admin/api/v1/coffee-shop/bans?cursor=zz", headers: staff, expect: 422
        )
        let history = "/admin/api/v1/{tenant}/participants/{participant}/bans"
        try check(.GET, history, "/admin/api/v1/coffee-shop/participants/\(id)/bans", headers: staff, expect: 200)
        try check(.GET, history, "/admin/api/v1/coffee-shop/participants/999999/bans", headers: staff, expect: 404)
        try check(.DELETE, ban, "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: staff, expect: 200)
        try check(.DELETE, ban, "/admin/api/v1/coffee-shop/participants/\(id)/ban", headers: staff, expect: 409)
        try check(
            .GET, history, "/admin/api/v1/coffee-shop/participants/\(id)/bans?limit=1", headers: staff, expect: 200)

        let contacts = "/admin/api/v1/{tenant}/contacts"
        try check(.GET, contacts, "/admin/api/v1/coffee-shop/contacts?limit=1", headers: staff, expect: 200)
        try check(.GET, contacts, "/admin/api/v1/coffee-shop/contacts?consent=given&q=ann", headers: staff, expect: 200)
        try check(.GET, contacts, "/admin/api/v1/coffee-shop/contacts?field=shoe", headers: staff, expect: 422)
        try check(.GET, contacts, "/admin/api/v1/coffee-shop/contacts", expect: 401)
        let export = "/admin/api/v1/{tenant}/contacts/export.csv"
        try check(.GET, export, "/admin/api/v1/coffee-shop/contacts/export.csv", headers: staff, expect: 200)
        try check(.GET, export, "/admin/api/v1/coffee-shop/contacts/export.csv?sort=updated", headers: staff, expect: 422)
    }
}
