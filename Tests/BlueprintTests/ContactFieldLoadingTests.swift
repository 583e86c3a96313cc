import Blueprint
import XCTest

final class ContactFieldLoadingTests: XCTestCase {
    func blueprint(app: String = Fixture.app, contactFields: String) -> String {
        """
        {
          "version": 1,
          "app": \(app),
          "navigation": \(Fixture.navigation),
          "sections": \(Fixture.sections),
          "contact_fields": \(contactFields)
        }
        """
    }

    func test_contactFields_loadWithDefaults_andRoundTripThroughTheCanonicalForm() throws {
        let text = blueprint(
            app: Fixture.appEnRu,
            contactFields: """
                [
                    {"id": "drink", "label": {"en": "Drink", "ru": "Напиток"}, "type": "choice", "required": true,
                     "choices": [{"id": "tea", "label": {"en": "Tea", "ru": "Чай"}}]},
                    {"id": "birthday", "label": "🎂", "type": "date"}
                  ]
                """)
        let loaded = try Fixture.loaded(text)
        XCTAssertEqual(loaded.contactFields.map(\.id), ["drink", "birthday"])
        XCTAssertEqual(loaded.contactField(id: "drink")?.required, true)
        XCTAssertEqual(loaded.contactField(id: "drink")?.choices.map(\.id), ["tea"])
        XCTAssertEqual(loaded.contactField(id: "birthday")?.required, false)
        XCTAssertEqual(loaded.contactField(id: "birthday")?.type, .date)
        let again = try Fixture.loaded(String(decoding: loaded.canonicalJSON(), as: UTF8.self))
        XCTAssertEqual(again, loaded)
        XCTAssertTrue(try Fixture.loaded(Fixture.blueprint()).contactFields.isEmpty)
    }

    func test_contactFields_reportEachProblemWithItsPosition() {
        Fixture.expect(
            blueprint(
                app: Fixture.appEnRu,
                contactFields: """
                    [
                        {"id": ^"phone", "label": {"en": "Phone", "ru": "Телефон"}, "type": "text"},
                        {"id": "size", "label": ^{"en": "Size"}, "type": ^"enum"},
                        ^{"id": "pick", "label": "Pick", "type": "choice"},
                        {"id": "note", "label": "Note", "type": "text", ^"choices": [{"id": "a", "label": "A"}]},
                        {"id": "flag", "label": "Flag", "type": "bool", "required": ^"yes", ^"hint": 1},
                        {"id": "dup", "label": "Dup", "type": "choice", "choices": [{"id": "a", "label": "A"}, ^{"id": "a", "label": "B"}]},
                        ^{"id": "dup", "label": "Again", "type": "text"}
                      ]
                    """),
            [
                #"@1: error at /contact_fields/0/id: "phone" is a built-in contact; expected another id (phone and email are always collected)"#,
                #"@2: error at /contact_fields/1/label: missing translation for "ru"; expected a translation for each declared locale (en, ru)"#,
                #"@3: error at /contact_fields/1/type: unknown contact field type "enum"; expected one of text, number, date, choice, bool"#,
                #"@4: error at /contact_fields/2: missing required key "choices" for a choice field"#,
                #"@5: error at /contact_fields/3/choices: a text field has no choices; expected "type": "choice", or no "choices""#,
                #"@6: error at /contact_fields/4/required: found string "yes"; expected true or false"#,
                #"@7: error at /contact_fields/4/hint: unknown key "hint"; expected one of id, label, type, required, choices"#,
                #"@8: error at /contact_fields/5/choices/1: duplicate choice id "a"; expected each value once (already at /contact_fields/5/choices/0)"#,
                #"@9: error at /contact_fields/6: duplicate contact field id "dup"; expected each value once (already at /contact_fields/5)"#,
            ])
    }
}
