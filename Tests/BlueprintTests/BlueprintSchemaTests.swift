import Blueprint
import TesseraJSON
import XCTest

/// Keeps docs/blueprint.schema.json and the loader's vocabulary (`BlueprintSchema`) in step, in
/// both directions: same object kinds, same keys, same required keys, same enumerations.
final class BlueprintSchemaTests: XCTestCase {
    private func schema() throws -> JSONValue {
        try JSONParser.parse(try Fixture.read("docs/blueprint.schema.json"))
    }

    /// The schema's object definitions by kind name (the root object is `blueprint`).
    private func schemaObjects(_ schema: JSONValue) throws -> [String: JSONValue] {
        var objects: [String: JSONValue] = ["blueprint": schema]
        for (name, definition) in try XCTUnwrap(schema["$defs"]?.objectValue) where definition["properties"] != nil {
            objects[name] = definition
        }
        return objects
    }

    func test_schema_isDraft202012AndClosed() throws {
        let schema = try schema()
        XCTAssertEqual(schema["$schema"], "https://json-schema.org/draft/2020-12/schema")
        for (name, definition) in try schemaObjects(schema) {
            XCTAssertEqual(definition["additionalProperties"], false, "\(name) must set additionalProperties: false")
            XCTAssertEqual(definition["type"], "object", name)
        }
    }

    func test_objectKinds_matchInBothDirections() throws {
        let objects = try schemaObjects(try schema())
        XCTAssertEqual(Set(objects.keys), Set(BlueprintSchema.objects.keys))
    }

    func test_keysAndRequiredKeys_matchForEveryKind() throws {
        let objects = try schemaObjects(try schema())
        for (kind, spec) in BlueprintSchema.objects {
            guard let definition = objects[kind] else { continue }
            let properties = try XCTUnwrap(definition["properties"]?.objectValue, kind)
            XCTAssertEqual(properties.keys, spec.keys, "keys (in canonical order) of \(kind)")
            let required = Set(definition["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            XCTAssertEqual(required, spec.required, "required keys of \(kind)")
        }
    }

    func test_enumerations_matchInBothDirections() throws {
        let definitions = try XCTUnwrap(try schema()["$defs"]?.objectValue)
        var schemaEnums: [String: [String]] = [:]
        for (name, definition) in definitions {
            if let values = definition["enum"]?.arrayValue { schemaEnums[name] = values.compactMap(\.stringValue) }
        }
        XCTAssertEqual(schemaEnums, BlueprintSchema.enums)
    }

    func test_sectionTypes_eachHaveSettingsDefinitionWiredToTheirType() throws {
        let schema = try schema()
        let rules = try XCTUnwrap(schema["$defs"]?["section"]?["allOf"]?.arrayValue)
        for type in SectionType.allCases {
            let kind = BlueprintSchema.settingsKind(of: type)
            XCTAssertNotNil(BlueprintSchema.objects[kind], kind)
            let wired = rules.contains { rule in
                rule["if"]?["properties"]?["type"]?["const"]?.stringValue == type.rawValue
                    && rule["then"]?["properties"]?["settings"]?["$ref"]?.stringValue == "#/$defs/\(kind)"
            }
            XCTAssertTrue(wired, "section.allOf must route type \(type.rawValue) to \(kind)")
        }
    }

    func test_docs_mentionEveryKeyAndEnumValue() throws {
        let docs = String(decoding: try Fixture.read("docs/blueprints.md"), as: UTF8.self)
        for (kind, spec) in BlueprintSchema.objects {
            for key in spec.keys {
                XCTAssertTrue(docs.contains("`\(key)`"), "docs/blueprints.md does not document \(kind).\(key)")
            }
        }
        for (name, values) in BlueprintSchema.enums {
            for value in values {
                XCTAssertTrue(docs.contains("`\(value)`"), "docs/blueprints.md does not mention \(name) value \(value)")
            }
        }
    }
}
