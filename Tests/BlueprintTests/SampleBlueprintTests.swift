import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// Every sample in blueprints/ loads, round-trips through its canonical form and renders; every
/// tenant manifest in tenants/ points at a loadable sample.
final class SampleBlueprintTests: XCTestCase {
    private let samples = ["coffee-shop", "paid-channel", "events-club"]

    private func sample(_ name: String) throws -> Blueprint {
        let path = "blueprints/\(name).json"
        switch BlueprintLoader.load(try Fixture.read(path), file: path) {
        case .success(let blueprint): return blueprint
        case .failure(let diagnostics):
            XCTFail("\(path) is invalid:\n\(diagnostics)")
            throw diagnostics
        }
    }

    func test_everySampleInTheDirectory_validates() throws {
        let directory = Fixture.packageRoot.appendingPathComponent("blueprints")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(Set(files), Set(samples.map { "\($0).json" }))
        for name in samples { _ = try sample(name) }
    }

    func test_samples_roundTripThroughCanonicalJSON() throws {
        for name in samples {
            let blueprint = try sample(name)
            let canonical = blueprint.canonicalJSON()
            guard case .success(let reloaded) = BlueprintLoader.load(canonical, file: "canonical") else {
                return XCTFail("canonical form of \(name) does not load")
            }
            XCTAssertEqual(reloaded, blueprint, name)
            XCTAssertEqual(reloaded.canonicalJSON(), canonical, name)
            XCTAssertEqual(Blueprint.diff(from: blueprint, to: reloaded), [], name)
        }
    }

    func test_samples_renderEveryNavigationItemAndSection() throws {
        for name in samples {
            let interpreter = BlueprintInterpreter(try sample(name))
            let tags: Set<String> = ["staff", "subscriber"]
            let manifest = interpreter.manifest(locale: "en", tags: tags, now: Date())
            let items = try XCTUnwrap(manifest["navigation"]?["items"]?.arrayValue, name)
            XCTAssertFalse(items.isEmpty, name)
            for item in items {
                let id = try XCTUnwrap(item["section"]?.stringValue)
                let screen = interpreter.screen(id, context: ScreenContext(locale: "en", tags: tags, now: Date()))
                XCTAssertEqual(screen?["screen"]?["id"]?.stringValue, id, "\(name)/\(id)")
                XCTAssertFalse(screen?["screen"]?["components"]?.arrayValue?.isEmpty ?? true, "\(name)/\(id)")
            }
        }
    }

    func test_sampleContents_matchTheirBrief() throws {
        XCTAssertEqual(Set(try sample("coffee-shop").sections.map(\.type)), [.shop, .gamefi, .news, .ratings])
        let paid = try sample("paid-channel")
        XCTAssertEqual(paid.app.locales, ["en", "ru"])
        XCTAssertEqual(Set(paid.sections.map(\.type)), [.news, .ratings])
        let club = try sample("events-club")
        XCTAssertTrue(club.sections.contains { if case .events(let settings) = $0.kind { settings.waitlist } else { false } })
        XCTAssertTrue(club.sections.contains { $0.type == .news })
    }

    func test_tenantManifests_pointAtTheSamples() throws {
        for slug in samples {
            let manifest = try JSONParser.parse(try Fixture.read("tenants/\(slug).json"))
            XCTAssertEqual(manifest.objectValue?.keys, ["slug", "title", "bot", "blueprint"], slug)
            XCTAssertEqual(manifest["slug"]?.stringValue, slug)
            XCTAssertFalse(manifest["title"]?.stringValue?.isEmpty ?? true)
            XCTAssertTrue(manifest["bot"]?["username"]?.stringValue?.hasSuffix("_bot") ?? false, slug)
            let tokenEnv = "TESSERA_BOT_TOKEN_" + slug.uppercased().replacingOccurrences(of: "-", with: "_")
            XCTAssertEqual(manifest["bot"]?["token_env"]?.stringValue, tokenEnv)
            XCTAssertEqual(manifest["blueprint"]?.stringValue, "../blueprints/\(slug).json")
        }
    }
}
