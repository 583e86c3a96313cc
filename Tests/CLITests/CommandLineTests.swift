import Foundation
import XCTest

final class CommandLineTests: XCTestCase {
    let cli = CLIRunner()

    func test_help_isPrintedForEveryCommandWithExitZero() throws {
        for args in [["--help"], ["tenant", "--help"], ["tenant", "create", "--help"], ["blueprint", "--help"],
                     ["blueprint", "validate", "--help"], ["migrate", "--help"], ["serve", "--help"], ["dev", "--help"],
                     ["telegram-sim", "--help"]] {
            let result = try cli.run(args)
            XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("USAGE"), "\(args) printed no usage")
        }
    }

    func test_subcommandHelp_isSpecificToTheSubcommand() throws {
        for (args, expected) in [(["tenant", "create", "--help"], "tessera tenant create MANIFEST"),
                                 (["tenant", "rollback", "--help"], "--to VERSION"),
                                 (["blueprint", "render", "--help"], "--now ISO8601")] {
            let result = try cli.run(args)
            XCTAssertEqual(result.status, 0)
            XCTAssertTrue(result.stdout.contains(expected), "\(args): \(result.stdout)")
        }
    }

    func test_blueprintValidate_ofAMissingFile_exits66() throws {
        let result = try cli.run(["blueprint", "validate", "no/such/file.json"])
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("cannot be read") || result.stderr.contains("cannot read"), result.stderr)
    }

    func test_unknownCommandAndFlag_exitWithUsageCode() throws {
        let unknown = try cli.run(["frobnicate"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("unknown command \"frobnicate\""))
        let flag = try cli.run(["tenant", "list", "--bogus"])
        XCTAssertEqual(flag.status, 64)
        XCTAssertTrue(flag.stderr.contains("unknown option --bogus"))
    }

    func test_missingConfiguration_exitsWithConfigCode() throws {
        let result = try cli.run(["tenant", "list"])
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("DATABASE_URL"))
    }

    func test_blueprintValidate_acceptsTheSamples() throws {
        let samples = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.repoRoot.appendingPathComponent("blueprints").path)
            .filter { $0.hasSuffix(".json") }.map { "blueprints/\($0)" }
        XCTAssertGreaterThanOrEqual(samples.count, 3)
        let result = try cli.run(["blueprint", "validate"] + samples)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try cli.run(["blueprint", "validate", "--json"] + samples)
        let files = (json.json as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.count, samples.count)
        XCTAssertTrue(files?.allSatisfy { $0["valid"] as? Bool == true } ?? false)
    }

    func test_blueprintValidate_reportsErrorsWithPositionsAndExit65() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.json")
        try Data("{\n  \"app\": 3,\n  \"sectons\": []\n}\n".utf8).write(to: file)
        let result = try cli.run(["blueprint", "validate", file.path])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("\(file.path):2:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(file.path):3:3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("sections"), "no did-you-mean: \(result.stderr)")
    }

    func test_blueprintRender_printsAScreen() throws {
        let first = try Self.firstSectionID("blueprints/coffee-shop.json")
        let result = try cli.run(["blueprint", "render", "blueprints/coffee-shop.json", "--screen", first])
        XCTAssertEqual(result.status, 0, result.stderr)
        let screen = ((result.json as? [String: Any])?["screen"] as? [String: Any]) ?? (result.json as? [String: Any])
        XCTAssertEqual(screen?["id"] as? String, first)
        let missing = try cli.run(["blueprint", "render", "blueprints/coffee-shop.json", "--screen", "nope"])
        XCTAssertEqual(missing.status, 1)
    }

    static func firstSectionID(_ path: String) throws -> String {
        let data = try Data(contentsOf: CLIRunner.repoRoot.appendingPathComponent(path))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let sections = object?["sections"] as? [[String: Any]]
        return try XCTUnwrap(sections?.first?["id"] as? String)
    }
}
