import Blueprint
import TesseraJSON
import XCTest

final class BlueprintJSONTests: XCTestCase {
    func test_canonicalJSON_writesDefaultsInSchemaOrder() throws {
        let blueprint = try Fixture.loaded(Fixture.blueprint())
        XCTAssertEqual(String(decoding: blueprint.canonicalJSON(), as: UTF8.self), """
            {
              "version": 1,
              "app": {
                "name": "Cafe",
                "default_locale": "en",
                "locales": [
                  "en"
                ],
                "theme": {
                  "accent": "#112233"
                }
              },
              "navigation": {
                "style": "tabs",
                "items": [
                  {
                    "section": "news"
                  }
                ]
              },
              "sections": [
                {
                  "id": "news",
                  "type": "news",
                  "title": "News",
                  "settings": {
                    "page_size": 10,
                    "categories": [],
                    "show_views": true,
                    "layout": "list"
                  }
                }
              ]
            }

            """)
    }

    func test_canonicalJSON_isIndependentOfAuthoringOrderAndSpelledOutDefaults() throws {
        let a = try Fixture.loaded(Fixture.blueprint(sections: #"[{"title": {"ru": "Новости", "en": "News"}, "type": "news", "id": "news", "settings": {"layout": "list", "page_size": 10}}]"#).replacingOccurrences(of: Fixture.app, with: Fixture.appEnRu))
        let b = try Fixture.loaded(Fixture.blueprint(app: Fixture.appEnRu, sections: #"[{"id": "news", "type": "news", "title": {"en": "News", "ru": "Новости"}}]"#))
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.canonicalJSON(), b.canonicalJSON())
    }

    func test_canonicalJSON_normalizesDatesToUTC() throws {
        let blueprint = try Fixture.loaded(Fixture.withSection(#"{"id": "s", "type": "news", "title": "N", "visible_if": {"from": "2025-03-01T09:00:00+03:00"}}"#))
        let value = try JSONParser.parse(blueprint.canonicalJSON())
        XCTAssertEqual(value[JSONPointer("/sections/0/visible_if/from")!], "2025-03-01T06:00:00Z")
    }
}
