import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

/// Contacts end to end: the contact form against the blueprint's `contact_fields`, phone numbers
/// through `WebApp.requestContact` and through the bot, and staff reading them.
final class ContactTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!
    var bot: Int64 = 0

    static let ann = TelegramUser(id: 720_001, firstName: "Ann", lastName: "Lee", username: "ann", languageCode: "en")
    static let bob = TelegramUser(id: 720_002, firstName: "Bob", languageCode: "en")
    static let token = Harness.tokens["coffee-shop"]!

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        bot = try simulator.addBot(token: Self.token, username: "coffee_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client)
        try WebhookRegistrar(pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            .register(try TenantSlug("coffee-shop"))
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func me(
        _ method: String, _ path: String = "", as user: TelegramUser = ann, slug: String = "coffee-shop",
        body: Any? = nil
    ) throws
        -> Harness.Reply
    {
        try h.call(
            method, "/api/v1/\(slug)/me/contact\(path)", body: body,
            headers: ["Authorization": "tma " + Harness.initData(slug, user: user)])
    }

    func stored(_ user: TelegramUser, _ field: String) throws -> (value: String, way: String)? {
        try h.pool.query(
            """
            SELECT v.value::text, v.way FROM t_coffee_shop.contact_values v JOIN t_coffee_shop.participants p ON p.id = v.participant_id
            WHERE p.telegram_id = \(user.id) AND v.field = \(field)
            """
        ).first.map { (try $0.decode(String.self, 0), try $0.decode(String.self, 1)) }
    }

    func test_contactForm_showsTheBlueprintsFields_andStoresEachValueWithItsTimeAndWay() throws {
        let empty = try me("GET")
        XCTAssertEqual(empty.status, 200, empty.text)
        let form = try XCTUnwrap(empty.json["form"] as? [[String: Any]])
        XCTAssertEqual(form.map { $0["id"] as? String }, ["drink", "birthday", "cups-per-week", "oat-milk", "note"])
        XCTAssertEqual((form[0]["choices"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual(form[0]["required"] as? Bool, true)
        let blank = try XCTUnwrap(empty.json["contact"] as? [String: Any])
        XCTAssertTrue(blank["phone"] is NSNull)
        XCTAssertTrue(blank["consent"] is NSNull)

        let saved = try me(
            "PUT",
            body: [
                "email": "  Ann.Lee@Example.COM ", "consent": true,
                "fields": [
                    "drink": "flat-white", "birthday": "1990-02-28", "cups-per-week": 12, "oat-milk": true,
                    "note": " no sugar ",
                ],
            ])
        XCTAssertEqual(saved.status, 200, saved.text)
        let contact = try XCTUnwrap(saved.json["contact"] as? [String: Any])
        let email = try XCTUnwrap(contact["email"] as? [String: Any])
        XCTAssertEqual(email["value"] as? String, "Ann.Lee@example.com")
        XCTAssertEqual(email["way"] as? String, "form")
        XCTAssertNotNil(email["given_at"] as? String)
        let fields = try XCTUnwrap(contact["fields"] as? [String: [String: Any]])
        XCTAssertEqual(fields["note"]?["value"] as? String, "no sugar")
        XCTAssertEqual(fields["cups-per-week"]?["value"] as? Int, 12)
        XCTAssertEqual((contact["consent"] as? [String: Any])?["given"] as? Bool, true)

        // The whole form each time: what is left out is cleared; consent can be withdrawn.
        let again = try me("PUT", body: ["consent": false, "fields": ["drink": "espresso"]])
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertNil(try stored(Self.ann, "email"))
        XCTAssertNil(try stored(Self.ann, "note"))
        XCTAssertEqual(try stored(Self.ann, "drink")?.value, #""espresso""#)
        XCTAssertEqual(
            ((again.json["contact"] as? [String: Any])?["consent"] as? [String: Any])?["given"] as? Bool, false)
    }

    func test_contactForm_reportsEveryInvalidValue_andChangesNothing() throws {
        let refused = try me(
            "PUT",
            body: [
                "email": "ann@", "colour": "red",
                "fields": [
                    "birthday": "1990-02-30", "cups-per-week": "many", "oat-milk": "yes", "note": "", "shoe-size": 40,
                ],
            ])
        XCTAssertEqual(refused.status, 422)
        XCTAssertEqual(
            refused.detailFields,
            [
                "email", "colour", "consent", "fields.birthday", "fields.cups-per-week", "fields.oat-milk",
                "fields.note", "fields.shoe-size",
                "fields.drink",
            ])
        let choice = try me("PUT", body: ["consent": true, "fields": ["drink": "latte"]])
        XCTAssertEqual(choice.details.first?["message"] as? String, "expected one of espresso, flat-white, filter")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.contact_values"), 0)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.participants WHERE contact_consent IS NOT NULL"), 0)
        // A tenant without contact_fields takes email and consent only.
        let events = try me("PUT", slug: "events-club", body: ["consent": true, "fields": ["drink": "espresso"]])
        XCTAssertEqual(events.detailFields, ["fields.drink"])
        XCTAssertEqual(try me("PUT", slug: "events-club", body: ["consent": true, "email": "a@b.io"]).status, 200)
    }

    func test_requestContact_storesTheCallersOwnNumber_andRefusesForgedExpiredAndOthers() throws {
        let response = simulator.requestContactResponse(
            user: Self.ann, phoneNumber: "79001234567", botToken: Self.token)
        XCTAssertTrue(response.hasPrefix("contact="), response)
        let shared = try me("POST", "/phone", body: ["response": response])
        XCTAssertEqual(shared.status, 200, shared.text)
        XCTAssertEqual(
            ((shared.json["contact"] as? [String: Any])?["phone"] as? [String: Any])?["value"] as? String,
            "+79001234567")
        XCTAssertEqual(try stored(Self.ann, "phone")?.way, "mini_app_request_contact")

        let forged = simulator.requestContactResponse(
            user: Self.bob, phoneNumber: "79000000000", botToken: Harness.tokens["events-club"]!)
        let refusedForged = try me("POST", "/phone", as: Self.bob, body: ["response": forged])
        XCTAssertEqual(refusedForged.status, 422)
        XCTAssertEqual(refusedForged.detailFields, ["response"])
        let tampered = response.replacingOccurrences(of: "79001234567", with: "79009999999")
        XCTAssertEqual(try me("POST", "/phone", body: ["response": tampered]).detailFields, ["response"])

        let old = InitDataSigner.signContact(
            RequestedContact(
                userID: Self.bob.id, phoneNumber: "79000000000", authDate: Date().addingTimeInterval(-3 * 86_400)),
            botToken: Self.token)
        let expired = try me("POST", "/phone", as: Self.bob, body: ["response": old])
        XCTAssertEqual(expired.status, 422)
        XCTAssertTrue(expired.text.contains("expired"), expired.text)

        let annsForBob = try me("POST", "/phone", as: Self.bob, body: ["response": response])
        XCTAssertEqual(annsForBob.status, 403)
        XCTAssertEqual(annsForBob.errorCode, "contact_not_yours")
        XCTAssertNil(try stored(Self.bob, "phone"))
        XCTAssertEqual(try me("POST", "/phone", body: [:]).detailFields, ["response"])
    }

    func test_theBotStoresOnlyTheSendersOwnNumber() throws {
        simulator.sendStart(botID: bot, user: Self.bob)
        XCTAssertEqual(
            simulator.sendContact(botID: bot, user: Self.bob, phoneNumber: "+7 900 111-22-33", of: Self.ann).status, 200
        )
        XCTAssertNil(try stored(Self.bob, "phone"), "someone else's card")
        XCTAssertNil(try stored(Self.ann, "phone"))
        simulator.sendContact(botID: bot, user: Self.bob, phoneNumber: "+7 900 444-55-66")
        XCTAssertEqual(try stored(Self.bob, "phone")?.value, #""+79004445566""#)
        XCTAssertEqual(try stored(Self.bob, "phone")?.way, "bot_contact")
    }

    func test_staffRead_aParticipantsContacts_inTheirTenantOnly() throws {
        XCTAssertEqual(
            try me("PUT", body: ["consent": true, "email": "ann@example.com", "fields": ["drink": "filter"]]).status,
            200)
        let id = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(Self.ann.id)").first!
            .decode(Int64.self, 0)
        let staff = try h.staffToken("coffee-shop", role: .analyst)
        let card = try h.admin("GET", "/admin/api/v1/coffee-shop/participants/\(id)/contact", token: staff)
        XCTAssertEqual(card.status, 200, card.text)
        let contact = try XCTUnwrap(card.json["contact"] as? [String: Any])
        XCTAssertEqual((contact["email"] as? [String: Any])?["value"] as? String, "ann@example.com")
        XCTAssertEqual(
            ((contact["fields"] as? [String: Any])?["drink"] as? [String: Any])?["value"] as? String, "filter")
        let other = try h.staffToken("events-club")
        XCTAssertEqual(
            try h.admin("GET", "/admin/api/v1/events-club/participants/\(id)/contact", token: other).errorCode,
            "participant_not_found")
        XCTAssertEqual(
            try h.admin("GET", "/admin/api/v1/coffee-shop/participants/\(id)/contact", token: other).status, 403)
    }
}
