import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// Every field the server puts into a screen component is one the mini app reads: the fields the
/// interpreter and the live screens emit, checked against `FIELDS` in Web/render.js.
final class RenderFieldsTests: XCTestCase {
    static let renderJS = Harness.repoRoot.appendingPathComponent("Sources/AppAPI/Web/render.js")

    /// The `FIELDS` table of render.js (plain JSON between its markers).
    static func declaredFields() throws -> [String: Set<String>] {
        let source = try String(contentsOf: renderJS, encoding: .utf8)
        let start = try XCTUnwrap(source.range(of: "/* fields: */"), "render.js has no FIELDS table")
        let end = try XCTUnwrap(source.range(of: "/* :fields */"))
        let table = try JSONParser.parse(Array(source[start.upperBound..<end.lowerBound].utf8))
        var fields: [String: Set<String>] = [:]
        for (key, value) in try XCTUnwrap(table.objectValue) {
            fields[key] = Set((value.arrayValue ?? []).compactMap(\.stringValue))
        }
        return fields
    }

    /// Field names by place (`card_list`, `card_list.items[]`, `action:api`…), as `FIELDS` names them.
    struct Emitted {
        var fields: [String: Set<String>] = [:]

        mutating func component(_ value: JSONValue) {
            guard let object = value.objectValue, let type = object["type"]?.stringValue else { return }
            record(type, object)
            for (key, member) in object {
                if key == "empty" { component(member) }
                if key == "action" { action(member) }
                if let nested = member.objectValue, key != "empty", key != "action" {
                    record("\(type).\(key)", nested)
                    if let inner = nested["action"] { action(inner) }
                }
                // Leaderboard entries come from the ratings API, not from the screen.
                if key != "entries", let list = member.arrayValue {
                    for element in list {
                        guard let nested = element.objectValue else { continue }
                        record("\(type).\(key)[]", nested)
                        if let inner = nested["action"] { action(inner) }
                    }
                }
            }
        }

        mutating func action(_ value: JSONValue) {
            guard let object = value.objectValue, let kind = object["kind"]?.stringValue else { return }
            record("action:\(kind)", object)
        }

        mutating func screen(_ value: JSONValue?) {
            for component in value?["screen"]?["components"]?.arrayValue ?? [] { self.component(component) }
        }

        mutating func record(_ place: String, _ object: JSONObject) {
            fields[place, default: []].formUnion(object.map(\.0))
        }
    }

    func assertRendered(_ emitted: Emitted, file: StaticString = #filePath, line: UInt = #line) throws {
        let declared = try Self.declaredFields()
        for (place, names) in emitted.fields.sorted(by: { $0.key < $1.key }) {
            let missing = names.subtracting(declared[place] ?? [])
            XCTAssertTrue(
                missing.isEmpty, "\(place) emits \(missing.sorted()) but render.js does not read it (FIELDS)", file: file,
                line: line)
        }
    }

    func test_interpreterScreens_emitOnlyFieldsTheMiniAppReads() throws {
        var emitted = Emitted()
        for name in ["coffee-shop", "events-club", "paid-channel"] {
            let blueprint = try Harness.blueprint(name)
            let interpreter = BlueprintInterpreter(blueprint)
            let tags = Set(blueprint.sections.flatMap { $0.visibility.tagsAny + $0.visibility.tagsAll })
            for locale in ["en", "ru"] {
                for section in blueprint.sections {
                    emitted.screen(interpreter.screen(section.id, context: ScreenContext(locale: locale, tags: tags)))
                }
            }
        }
        XCTAssertNotNil(emitted.fields["card_list.filters[]"], "the samples have category filters")
        XCTAssertNotNil(emitted.fields["empty_state"] ?? emitted.fields["card_list.empty"])
        try assertRendered(emitted)
    }

    func test_liveScreens_emitOnlyFieldsTheMiniAppReads() throws {
        let h = try Harness()
        defer { h.stop() }
        let token = try h.staffToken("events-club")
        let post = try h.admin("POST", "/admin/api/v1/events-club/news", token: token, body: ["title": "Owls", "body": "<p>Hi</p>"])
        let postID = try XCTUnwrap((post.json["post"] as? [String: Any])?["id"] as? Int)
        let created = try h.admin("POST", "/admin/api/v1/events-club/events", token: token, body: [
            "section": "events", "title": "Night walk", "place": "Old bridge",
            "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400)),
        ])
        let eventID = try XCTUnwrap((created.json["event"] as? [String: Any])?["id"] as? Int)
        let added = try h.user("POST", "/api/v1/coffee-shop/sections/menu/cart/flat-white", slug: "coffee-shop")
        XCTAssertEqual(added.status, 200, added.text)
        let registered = try h.user(
            "POST", "/api/v1/events-club/sections/events/events/\(eventID)/registrations",
            body: ["form": "events-registration", "values": ["name": "Ann", "email": "ann@example.com"]])
        XCTAssertEqual(registered.status, 201, registered.text)

        var emitted = Emitted()
        var paths: [(String, String)] = [
            ("events-club", "/api/v1/events-club/sections/news/posts/\(postID)"),
            ("events-club", "/api/v1/events-club/sections/events/events/\(eventID)"),
        ]
        for slug in ["coffee-shop", "events-club"] {
            for section in h.registry.tenant(slug)!.blueprint.sections {
                paths.append((slug, "/api/v1/\(slug)/screens/\(section.id)"))
            }
        }
        var personal = 0
        for (slug, path) in paths {
            let reply = try h.user("GET", path, slug: slug)
            guard reply.status == 200 else { continue }  // a section this user cannot see
            let screen = try JSONParser.parse(Array(reply.body))
            emitted.screen(screen)
            // The caller's own part: slots hold components, items change cards' fields.
            guard let mine = screen["screen"]?["personal"]?.stringValue else { continue }
            let part = try h.user("GET", mine.replacingOccurrences(of: "{tenant}", with: slug), slug: slug)
            XCTAssertEqual(part.status, 200, part.text)
            let json = try JSONParser.parse(Array(part.body))
            for (_, components) in json["slots"]?.objectValue ?? [:] {
                for component in components.arrayValue ?? [] { emitted.component(component) }
            }
            for (_, change) in json["items"]?.objectValue ?? [:] { emitted.record("card_list.items[]", change.objectValue ?? [:]) }
            personal += json["slots"]?.objectValue?.count ?? 0
            personal += json["items"]?.objectValue?.count ?? 0
        }
        XCTAssertGreaterThanOrEqual(personal, 2, "the cart and the registration were the caller's own part")
        XCTAssertNotNil(emitted.fields["card_list.items[]"], "live lists were filled")
        try assertRendered(emitted)
    }

    func test_declaredFields_coverTheRenderersOwnComponentTypes() throws {
        let declared = try Self.declaredFields()
        for type in ["header", "text", "image", "card_list", "rich_text", "button", "form", "leaderboard", "progress", "empty_state"] {
            XCTAssertNotNil(declared[type], "FIELDS has no \(type)")
        }
    }
}
