import Blueprint
import HTTP
import Kernel
import TesseraJSON
import XCTest

@testable import People

final class ContactFormTests: XCTestCase {
    static let fields = [
        ContactField(
            id: "drink", label: "Drink", type: .choice, required: true,
            choices: [ContactChoice(id: "tea", label: "Tea")]),
        ContactField(id: "born", label: "Born", type: .date),
        ContactField(id: "cups", label: "Cups", type: .number),
        ContactField(id: "oat", label: "Oat", type: .bool),
        ContactField(id: "note", label: "Note", type: .text),
    ]

    func parse(_ body: String) throws(AreaError) -> ContactSubmission {
        try ContactSubmission.parse(
            HTTPRequest(method: .PUT, target: "/x", body: Array(body.utf8)), fields: Self.fields)
    }

    func problems(_ body: String) -> [String] {
        do {
            _ = try parse(body)
            return []
        } catch {
            guard case .validation(let problems) = error else { return ["\(error)"] }
            return problems.map(\.description)
        }
    }

    func test_parse_checksEachValueAgainstItsType_andKeepsTheStoredForm() throws {
        let submission = try parse(
            #"{"email":" A@Ex.ORG ","consent":true,"fields":{"drink":"tea","born":"2000-02-29","cups":2.5,"oat":false,"note":" hi "}}"#
        )
        XCTAssertEqual(submission.email, "A@ex.org")
        XCTAssertEqual(submission.consent, true)
        XCTAssertEqual(
            submission.fields, ["drink": "tea", "born": "2000-02-29", "cups": .double(2.5), "oat": false, "note": "hi"])
        XCTAssertEqual(try parse(#"{"consent":false,"fields":{"drink":"tea","born":null}}"#).fields, ["drink": "tea"])
    }

    func test_parse_reportsEveryProblemByField() {
        XCTAssertEqual(
            problems(#"{"fields":{"born":"2001-02-29","cups":"2","oat":1,"note":"  ","zz":1}}"#),
            [
                "consent: required: true or false, whether we may contact you",
                "fields.zz: unknown field; expected one of drink, born, cups, oat, note",
                "fields.born: expected a date YYYY-MM-DD", "fields.cups: expected a number",
                "fields.oat: expected true or false",
                "fields.note: must not be empty", "fields.drink: required",
            ])
        XCTAssertEqual(
            problems(#"{"consent":true,"fields":[]}"#),
            ["fields: expected an object of field ids and values", "fields.drink: required"])
    }

    func test_calendarDay_acceptsOnlyRealDays() {
        XCTAssertEqual(ContactSubmission.calendarDay("2024-02-29"), "2024-02-29")
        for text in ["2023-02-29", "2024-04-31", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-0x", "2024/01/01", ""]
        {
            XCTAssertNil(ContactSubmission.calendarDay(text), text)
        }
    }

    func test_emailAddress_normalisesTheDomain_andRefusesWhatIsNotAnAddress() {
        XCTAssertEqual(EmailAddress.normalize(" Ann.Lee+cafe@Mail.Example.COM\n"), "Ann.Lee+cafe@mail.example.com")
        for text in [
            "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a b@example.com", "ann@exa_mple.com",
            "ann@-example.com", ".ann@example.com", "an..n@example.com", "ann@example.c0m",
            String(repeating: "a", count: 65) + "@example.com",
        ] {
            XCTAssertNil(EmailAddress.normalize(text), text)
        }
    }
}
