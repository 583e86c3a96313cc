import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// The icon set is the one list: docs/blueprints.md and the samples agree with it (the JSON Schema's
/// enum is BlueprintSchema.enums["icon"], checked by BlueprintSchemaTests).
final class IconSetTests: XCTestCase {
    func test_names_areTheIconsAndAliasesSortedWithoutRepeats() {
        XCTAssertEqual(IconSet.names, IconSet.names.sorted())
        XCTAssertEqual(Set(IconSet.names).count, IconSet.names.count, "an alias has an icon's name")
        for (alias, target) in IconSet.aliases {
            XCTAssertNotNil(IconSet.paths.first { $0.name == target }, "alias \(alias) → missing icon \(target)")
        }
        XCTAssertEqual(IconSet.icon(named: "news"), "newspaper")
        XCTAssertEqual(IconSet.icon(named: "cup"), "cup")
        XCTAssertNil(IconSet.icon(named: "lotus-flower"))
    }

    func test_paths_arePlainSVGPathData() {
        for (name, path) in IconSet.paths {
            XCTAssertTrue(path.hasPrefix("M"), name)
            XCTAssertTrue(path.allSatisfy { "MmLlHhVvCcSsQqTtAaZz0123456789.,- ".contains($0) }, "\(name): \(path)")
        }
    }

    func test_docs_listEveryName() throws {
        let docs = String(decoding: try Fixture.read("docs/blueprints.md"), as: UTF8.self)
        for name in IconSet.names {
            XCTAssertTrue(docs.contains("`\(name)`"), "docs/blueprints.md does not list icon \(name)")
        }
    }

    func test_samples_useOnlyIconsOfTheSet() throws {
        for name in ["coffee-shop", "events-club", "paid-channel"] {
            let result = BlueprintLoader.load(try Fixture.read("blueprints/\(name).json"), file: name)
            guard case .success(let blueprint) = result else { return XCTFail("\(name) does not load: \(result)") }
            let icons = blueprint.sections.compactMap(\.icon) + blueprint.navigation.items.compactMap(\.icon)
            XCTAssertFalse(icons.isEmpty)
            for icon in icons { XCTAssertNotNil(IconSet.icon(named: icon), "\(name) uses \(icon)") }
        }
    }
}
