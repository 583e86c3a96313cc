import Foundation
import XCTest

/// Every command and subcommand of the built binary has a `--help` of its own. The commands are
/// found the way a user would find them (the COMMANDS and SUBCOMMANDS of the help texts) and the
/// way the dispatcher knows them (the "expected …" list of an unknown-command error); the two
/// must agree, so a command added to either without its help fails here.
final class HelpTextTests: XCTestCase {
    let cli = CLIRunner()

    func test_everyCommandAndSubcommand_hasItsOwnHelp() throws {
        let main = try help([])
        let listed = Self.commandWords(main, section: "COMMANDS:")
        let dispatched = try expected(["no-such-command"])
        XCTAssertEqual(Set(listed.map { $0[0] }), Set(dispatched), "tessera --help and the dispatcher disagree")
        var seen: [String: [String]] = [main: []]
        var walked = 0
        for command in Set(dispatched).sorted() {
            walked += try walk([command], seen: &seen)
        }
        // 8 commands, 2 groups' own help and 18 subcommands when this was written: keeps the parsing honest.
        XCTAssertGreaterThanOrEqual(walked, 28, "the walk found too few commands")
    }

    /// Checks `words --help`, then (for a group) every subcommand; returns how many were checked.
    private func walk(_ words: [String], seen: inout [String: [String]]) throws -> Int {
        let text = try help(words)
        let usage = "USAGE: tessera " + words.joined(separator: " ")
        XCTAssertTrue(text.hasPrefix(usage), "`tessera \(words.joined(separator: " ")) --help` is not its own:\n\(text)")
        if let other = seen[text] {
            XCTFail("`\(words.joined(separator: " ")) --help` prints the help of `\(other.joined(separator: " "))`")
        }
        seen[text] = words
        guard text.contains("SUBCOMMANDS:") else { return 1 }
        // `admin` is the group `admin token`: its USAGE line names the words before <subcommand>.
        let group = Self.groupWords(text) ?? words
        if group != words {
            XCTAssertEqual(Array(group.prefix(words.count)), words)
            seen[text] = group
        }
        let listed = Self.commandWords(text, section: "SUBCOMMANDS:").map { $0[0] }
        let dispatched = try expected(group + ["no-such-subcommand"])
        XCTAssertEqual(Set(listed), Set(dispatched), "`\(group.joined(separator: " ")) --help` and its dispatcher disagree")
        var count = 1
        if group != words {
            let own = try help(group)
            XCTAssertEqual(own, text, "`\(group.joined(separator: " ")) --help` differs from `\(words.joined(separator: " ")) --help`")
        }
        for sub in Set(dispatched).sorted() {
            count += try walk(group + [sub], seen: &seen)
        }
        return count
    }

    private func help(_ words: [String]) throws -> String {
        let result = try cli.run(words + ["--help"])
        XCTAssertEqual(result.status, 0, "`\(words.joined(separator: " ")) --help` exited \(result.status): \(result.stderr)")
        XCTAssertTrue(result.stderr.isEmpty, "`\(words.joined(separator: " ")) --help` wrote to stderr: \(result.stderr)")
        return result.stdout
    }

    /// The names an unknown (sub)command's usage error offers: "… (expected a, b, c)".
    private func expected(_ words: [String]) throws -> [String] {
        let result = try cli.run(words)
        XCTAssertEqual(result.status, 64, "`\(words.joined(separator: " "))`: \(result.stderr)")
        guard let range = result.stderr.range(of: "expected ") else {
            XCTFail("`\(words.joined(separator: " "))` names no expected commands: \(result.stderr)")
            return []
        }
        let list = result.stderr[range.upperBound...].prefix { $0 != ")" && $0 != ";" && $0 != "\n" }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The first words of the indented lines under `section` (until a blank line).
    static func commandWords(_ text: String, section: String) -> [[String]] {
        guard let start = text.range(of: section) else { return [] }
        var words: [[String]] = []
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            // Entries are indented two spaces; continuation lines far more.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let entry = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") && !$0.hasPrefix("<") }
            if let first = entry.first { words.append([first]) }
        }
        return words
    }

    /// `USAGE: tessera admin token <subcommand>` → ["admin", "token"].
    static func groupWords(_ text: String) -> [String]? {
        for line in text.split(separator: "\n") where line.contains("<subcommand>") {
            let words = line.split(separator: " ").map(String.init)
            guard let tessera = words.firstIndex(of: "tessera"), let sub = words.firstIndex(of: "<subcommand>") else { continue }
            return Array(words[(tessera + 1)..<sub])
        }
        return nil
    }
}
