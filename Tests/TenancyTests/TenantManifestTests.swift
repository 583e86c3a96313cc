import Tenancy
import XCTest

final class TenantManifestTests: XCTestCase {
    func test_parse_readsAValidManifestAndResolvesTheBlueprintPath() throws {
        let json = #"{"slug": "coffee-shop", "title": "Bean There", "bot": {"username": "bean_bot", "token_env": "BEAN_TOKEN"}, "blueprint": "../blueprints/coffee-shop.json"}"#
        let manifest = try TenantManifest.parse(Array(json.utf8), file: "/repo/tenants/coffee-shop.json")
        XCTAssertEqual(manifest.slug.rawValue, "coffee-shop")
        XCTAssertEqual(manifest.title, "Bean There")
        XCTAssertEqual(manifest.botUsername, "bean_bot")
        XCTAssertEqual(manifest.tokenEnv, "BEAN_TOKEN")
        XCTAssertEqual(manifest.blueprintPath, "/repo/blueprints/coffee-shop.json")
    }

    func test_parse_reportsEveryProblemWithFileLineAndColumn() {
        let json = """
            {
              "slug": "Bad Slug",
              "titel": "x",
              "bot": {"username": "nobotname", "token_env": "lower"},
              "blueprint": 3
            }
            """
        XCTAssertThrowsError(try TenantManifest.parse(Array(json.utf8), file: "t.json")) { error in
            let problems = (error as? ManifestError)?.problems ?? []
            XCTAssertTrue(problems.contains { $0.hasPrefix("t.json:2:11:") && $0.contains("invalid tenant slug") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("t.json:3:3:") && $0.contains("unknown key \"titel\"") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.contains("missing \"title\"") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("t.json:4:23:") && $0.contains("bot username") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.contains("token_env must name an environment variable") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("t.json:5:16:") && $0.contains("\"blueprint\" must be a non-empty string") }, "\(problems)")
        }
    }

    func test_parse_reportsInvalidJSONWithPosition() {
        XCTAssertThrowsError(try TenantManifest.parse(Array("{\n  \"slug\": }".utf8), file: "t.json")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("t.json:2:"), String(describing: error))
        }
    }
}
