import Foundation
import Kernel
import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

/// The Contacts list and its CSV export (`GET …/contacts`, `…/contacts/export.csv`): who is in it,
/// values with how and when they came, consent, filters, search, keyset pages, bad parameters,
/// roles and tenants — over HTTP against the real server and PostgreSQL.
final class ContactListTests: XCTestCase {
    var simulator: TelegramSimulator!
    var h: Harness!

    static let ann = TelegramUser(id: 730_001, firstName: "Ann", lastName: "Lee", username: "ann", languageCode: "en")
    static let bob = TelegramUser(id: 730_002, firstName: "Bob", languageCode: "en")
    static let carl = TelegramUser(id: 730_003, firstName: "Carl", languageCode: "en")
    static let token = Harness.tokens["coffee-shop"]!

    override func setUpWithError() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        _ = try simulator.addBot(token: Self.token, username: "coffee_bot")
        let client = BotAPIClient(
            baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
        h = try Harness(botAPI: client)
    }

    override func tearDown() {
        h?.stop()
        simulator?.shutdown()
    }

    func me(_ method: String, _ path: String = "", as user: TelegramUser, body: Any? = nil) throws -> Harness.Reply {
        try h.call(
            method, "/api/v1/coffee-shop/me/contact\(path)", body: body,
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: user)])
    }

    func id(_ user: TelegramUser) throws -> Int64 {
        try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(user.id)").first!
            .decode(Int64.self, 0)
    }

    /// Ann fills in the form (email, consent, a drink, a note), then Bob shares his phone through
    /// requestContact; Carl only opens the app.
    func seed(note: String = "no sugar") throws {
        let form = try me(
            "PUT", as: Self.ann,
            body: ["email": "Ann.Lee@Example.com", "consent": true, "fields": ["drink": "filter", "note": note]])
        XCTAssertEqual(form.status, 200, form.text)
        let response = simulator.requestContactResponse(user: Self.bob, phoneNumber: "79001234567", botToken: Self.token)
        XCTAssertEqual(try me("POST", "/phone", as: Self.bob, body: ["response": response]).status, 200)
        XCTAssertEqual(try me("GET", as: Self.carl).status, 200)
    }

    func list(_ query: String = "", role: StaffRole = .analyst) throws -> Harness.Reply {
        try h.admin(
            "GET", "/admin/api/v1/coffee-shop/contacts" + (query.isEmpty ? "" : "?" + query),
            token: try h.staffToken("coffee-shop", role: role))
    }

    func names(_ reply: Harness.Reply) -> [String] {
        XCTAssertEqual(reply.status, 200, reply.text)
        return (reply.json["contacts"] as? [[String: Any]] ?? []).compactMap {
            ($0["participant"] as? [String: Any])?["first_name"] as? String
        }
    }

    func test_list_showsWhoLeftAContact_newestFirst_withWaysTimesAndConsent() throws {
        try seed()
        let reply = try list()
        XCTAssertEqual(names(reply), ["Bob", "Ann"], "Carl shared nothing")
        let rows = try XCTUnwrap(reply.json["contacts"] as? [[String: Any]])
        let bob = try XCTUnwrap(rows[0]["contact"] as? [String: Any])
        XCTAssertEqual((bob["phone"] as? [String: Any])?["value"] as? String, "+79001234567")
        XCTAssertEqual((bob["phone"] as? [String: Any])?["way"] as? String, "mini_app_request_contact")
        XCTAssertTrue(bob["consent"] is NSNull)
        let ann = try XCTUnwrap(rows[1]["contact"] as? [String: Any])
        XCTAssertEqual((ann["email"] as? [String: Any])?["way"] as? String, "form")
        XCTAssertEqual(
            ((ann["fields"] as? [String: Any])?["drink"] as? [String: Any])?["value"] as? String, "filter")
        let consent = try XCTUnwrap(ann["consent"] as? [String: Any])
        XCTAssertEqual(consent["given"] as? Bool, true)
        XCTAssertEqual(consent["way"] as? String, "form")
        XCTAssertNotNil(rows[1]["updated_at"] as? String)
        XCTAssertTrue(reply.json["next_cursor"] is NSNull)
        // The blueprint's fields, for the office's columns.
        let fields = try XCTUnwrap(reply.json["fields"] as? [[String: Any]])
        XCTAssertEqual(fields.map { $0["id"] as? String }, ["drink", "birthday", "cups-per-week", "oat-milk", "note"])
        XCTAssertEqual((fields[0]["label"] as? [String: Any])?["en"] as? String, "Your usual drink")
    }

    func test_updatedAt_followsEveryChange_butNotAnUnchangedResubmission() throws {
        try seed()
        let annID = try id(Self.ann)
        func updated() throws -> String {
            try h.pool.query("SELECT contact_updated_at::text FROM t_coffee_shop.participants WHERE id = \(annID)")
                .first!.decode(String.self, 0)
        }
        let first = try updated()
        let same = try me(
            "PUT", as: Self.ann,
            body: ["email": "Ann.Lee@Example.com", "consent": true, "fields": ["drink": "filter", "note": "no sugar"]])
        XCTAssertEqual(same.status, 200)
        XCTAssertEqual(try updated(), first)
        // Withdrawing consent and clearing the email: Ann moves to the top.
        XCTAssertEqual(try me("PUT", as: Self.ann, body: ["consent": false, "fields": ["drink": "filter"]]).status, 200)
        XCTAssertGreaterThan(try updated(), first)
        XCTAssertEqual(names(try list()), ["Ann", "Bob"])
        XCTAssertEqual(names(try list("consent=withdrawn")), ["Ann"])
        XCTAssertEqual(names(try list("has_email=true")), [])
    }

    func test_filtersAndSearch_combine() throws {
        try seed()
        XCTAssertEqual(names(try list("has_phone=true")), ["Bob"])
        XCTAssertEqual(names(try list("has_phone=false")), ["Ann"])
        XCTAssertEqual(names(try list("has_email=true")), ["Ann"])
        XCTAssertEqual(names(try list("consent=given")), ["Ann"])
        XCTAssertEqual(names(try list("consent=unknown")), ["Bob"])
        XCTAssertEqual(names(try list("consent=withdrawn")), [])
        XCTAssertEqual(names(try list("field=drink")), ["Ann"])
        XCTAssertEqual(names(try list("field=birthday")), [])
        XCTAssertEqual(names(try list("q=ann.lee%40")), ["Ann"], "email, case-insensitive")
        XCTAssertEqual(names(try list("q=EXAMPLE.COM")), ["Ann"])
        XCTAssertEqual(names(try list("q=%2B7%20(900)%20123")), ["Bob"], "phone with separators")
        XCTAssertEqual(names(try list("q=1234567")), ["Bob"])
        XCTAssertEqual(names(try list("q=5555")), [])
        XCTAssertEqual(names(try list("q=%25%40")), [], "% is a literal character")
        XCTAssertEqual(names(try list("has_phone=true&consent=given")), [])
    }

    func test_keysetPages_inBothOrders_neverRepeatOrSkip() throws {
        try seed()
        for user in [Self.carl] + (1...4).map({ TelegramUser(id: 730_100 + $0, firstName: "P\($0)", languageCode: "en") }) {
            XCTAssertEqual(
                try me("PUT", as: user, body: ["consent": true, "fields": ["drink": "espresso"]]).status, 200)
        }
        for sort in ["-updated", "updated"] {
            var seen: [String] = []
            var cursor: String?
            repeat {
                let reply = try list("limit=2&sort=\(sort)" + (cursor.map { "&cursor=" + $0 } ?? ""))
                seen += names(reply)
                cursor = reply.json["next_cursor"] as? String
            } while cursor != nil
            let all = names(try list("limit=200&sort=\(sort)"))
            XCTAssertEqual(seen, all)
            XCTAssertEqual(Set(seen).count, 7)
            XCTAssertEqual(all.first, sort == "-updated" ? "P4" : "Ann")
        }
        let page = try list("limit=2")
        let cursor = try XCTUnwrap(page.json["next_cursor"] as? String)
        let mismatch = try list("sort=updated&cursor=\(cursor)")
        XCTAssertEqual(mismatch.status, 422)
        XCTAssertEqual(mismatch.detailFields, ["cursor"])
    }

    func test_badParameters_are422NamingEachOne() throws {
        for (query, fields) in [
            ("has_phone=maybe", ["has_phone"]), ("consent=yes", ["consent"]), ("field=shoe-size", ["field"]),
            ("q=!!!", ["q"]), ("q=", ["q"]), ("limit=0", ["limit"]), ("limit=201", ["limit"]),
            ("cursor=nonsense", ["cursor"]), ("sort=name", ["sort"]), ("colour=red", ["colour"]),
            ("has_email=true&has_email=false", ["has_email"]), ("limit=x&q=%3F%3F", ["limit", "q"]),
        ] {
            let reply = try list(query)
            XCTAssertEqual(reply.status, 422, query)
            XCTAssertEqual(reply.errorCode, "validation_failed", query)
            XCTAssertEqual(reply.detailFields, Set(fields), query)
        }
        let field = try list("field=shoe-size")
        XCTAssertTrue(field.text.contains("drink, birthday"), field.text)
    }

    func test_otherTenants_neitherSeeNorReach_theseContacts() throws {
        try seed()
        let other = try h.staffToken("events-club")
        XCTAssertEqual(try h.admin("GET", "/admin/api/v1/coffee-shop/contacts", token: other).status, 403)
        XCTAssertEqual(
            try h.admin("GET", "/admin/api/v1/coffee-shop/contacts/export.csv", token: other).status, 403)
        let own = try h.admin("GET", "/admin/api/v1/events-club/contacts", token: other)
        XCTAssertEqual(names(own), [])
        // events-club declares no contact_fields.
        XCTAssertEqual(
            try h.admin("GET", "/admin/api/v1/events-club/contacts?field=drink", token: other).detailFields, ["field"])
    }

    func test_export_isCSV_withEveryValueItsWayAndTime_andGuardsFormulas() throws {
        try seed(note: "=HYPERLINK(\"http://evil\",\"x\")")
        let export = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/contacts/export.csv?has_phone=false",
            token: try h.staffToken("coffee-shop", role: .analyst))
        XCTAssertEqual(export.status, 200, export.text)
        XCTAssertEqual(export.headers["Content-Type"] ?? export.headers["content-type"], "text/csv; charset=utf-8")
        XCTAssertEqual(export.headers["Content-Disposition"] ?? export.headers["content-disposition"], "attachment; filename=\"contacts-coffee-shop.csv\"")
        XCTAssertEqual(Array(export.body.prefix(3)), [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: export.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertEqual(
            lines[0],
            "participant_id,telegram_id,first_name,last_name,username,phone,phone_way,phone_given_at,email,email_way,email_given_at,consent,consent_at,updated_at,"
                + "drink,drink_way,drink_given_at,birthday,birthday_way,birthday_given_at,cups-per-week,cups-per-week_way,cups-per-week_given_at,"
                + "oat-milk,oat-milk_way,oat-milk_given_at,note,note_way,note_given_at")
        XCTAssertEqual(lines.count, 3, "Ann only, then the final CRLF")
        XCTAssertTrue(lines[1].hasPrefix("\(try id(Self.ann)),730001,Ann,Lee,ann,,,,Ann.Lee@example.com,form,"), lines[1])
        XCTAssertTrue(lines[1].contains(",given,"), lines[1])
        XCTAssertTrue(lines[1].contains(",filter,form,"), lines[1])
        // A spreadsheet must not run the participant's note.
        XCTAssertTrue(lines[1].contains(#""'=HYPERLINK(""http://evil"",""x"")",form,"#), lines[1])

        let paged = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/contacts/export.csv?limit=5",
            token: try h.staffToken("coffee-shop", role: .analyst))
        XCTAssertEqual(paged.status, 422)
        XCTAssertEqual(paged.detailFields, ["limit"])
        let support = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/contacts/export.csv", token: try h.staffToken("coffee-shop", role: .support))
        XCTAssertEqual(support.status, 403)
        XCTAssertEqual(support.errorCode, "forbidden_role")
    }
}
