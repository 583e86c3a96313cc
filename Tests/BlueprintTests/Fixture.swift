import Blueprint
import Foundation
import TesseraJSON
import XCTest

/// Small blueprint texts for tests, with `^` markers standing for expected diagnostic positions.
enum Fixture {
    static let file = "test.json"

    static let app = ##"{"name": "Cafe", "default_locale": "en", "theme": {"accent": "#112233"}}"##
    static let appEnRu = ##"{"name": "Cafe", "default_locale": "en", "locales": ["en", "ru"], "theme": {"accent": "#112233"}}"##
    static let navigation = #"{"items": [{"section": "news"}]}"#
    static let sections = #"[{"id": "news", "type": "news", "title": "News"}]"#

    /// A whole blueprint from its parts (each a JSON text, possibly multi-line).
    static func blueprint(app: String = app, navigation: String = navigation, sections: String = sections) -> String {
        """
        {
          "version": 1,
          "app": \(app),
          "navigation": \(navigation),
          "sections": \(sections)
        }
        """
    }

    /// A blueprint whose only section is `section` (navigation points at its id, given as `id`).
    static func withSection(_ section: String, id: String = "s", app: String = app) -> String {
        blueprint(app: app, navigation: #"{"items": [{"section": "\#(id)"}]}"#, sections: "[\n    \(section)\n  ]")
    }

    /// Removes the `^` markers and returns the text plus each marker's `line:column`.
    static func unmark(_ marked: String) -> (text: String, positions: [String]) {
        var text = ""
        var positions: [String] = []
        var line = 1
        var column = 1
        for scalar in marked.unicodeScalars {
            if scalar == "^" {
                positions.append("\(line):\(column)")
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (text, positions)
    }

    static func load(_ text: String) -> Result<Blueprint, BlueprintDiagnostics> {
        BlueprintLoader.load(Array(text.utf8), file: file)
    }

    static func loaded(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Blueprint {
        switch load(text) {
        case .success(let blueprint): return blueprint
        case .failure(let diagnostics):
            XCTFail("unexpected diagnostics:\n\(diagnostics)", file: file, line: line)
            throw diagnostics
        }
    }

    /// The diagnostics of `text` (which must fail to load), as description lines.
    static func diagnostics(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        switch load(text) {
        case .success:
            XCTFail("expected diagnostics, the blueprint loaded", file: file, line: line)
            return []
        case .failure(let diagnostics):
            return diagnostics.diagnostics.map(\.description)
        }
    }

    /// Asserts that the `^`-marked text produces exactly `expected`, where `@1`, `@2`, … stand for
    /// `test.json:<line>:<column>` of the first, second, … marker.
    static func expect(_ marked: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        let (text, positions) = unmark(marked)
        var resolved = expected
        for (index, position) in positions.enumerated().reversed() {
            resolved = resolved.map { $0.replacingOccurrences(of: "@\(index + 1)", with: "\(Fixture.file):\(position)") }
        }
        XCTAssertEqual(diagnostics(text, file: file, line: line), resolved, file: file, line: line)
    }

    /// The package root (for the sample blueprints and docs).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent(relativePath)))
    }
}
