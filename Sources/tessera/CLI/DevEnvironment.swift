import Foundation

/// The settings a running `tessera dev` leaves for the other commands: `<data dir>/dev.env`
/// (mode 0600, removed when dev stops), `KEY='value'` lines a shell can also source.
///
/// A command whose environment has no DATABASE_URL reads it (`.tessera/dev.env` in the current
/// directory, or the file `TESSERA_DEV_ENV` names; `TESSERA_DEV_ENV=off` reads nothing) and takes
/// the variables it lacks from it. With DATABASE_URL set the file is ignored as a whole: it
/// describes one installation, and mixing its master key with another database helps nobody.
struct DevEnvironment: Equatable {
    static let fileName = "dev.env"
    static let defaultPath = ".tessera/" + fileName
    /// Where the dev server answers (`tessera dev link` signs links against it).
    static let serverURLKey = "TESSERA_DEV_SERVER_URL"

    /// In file order.
    var variables: [(key: String, value: String)]

    static func == (lhs: DevEnvironment, rhs: DevEnvironment) -> Bool {
        lhs.variables.map(\.key) == rhs.variables.map(\.key) && lhs.variables.map(\.value) == rhs.variables.map(\.value)
    }

    subscript(key: String) -> String? { variables.last { $0.key == key }?.value }

    /// The file the environment points at, or nil when reading is switched off.
    static func path(in environment: [String: String]) -> String? {
        guard let named = environment["TESSERA_DEV_ENV"], !named.isEmpty else { return defaultPath }
        return named == "off" ? nil : named
    }

    /// `environment` completed from the dev file, when it has no DATABASE_URL and the file exists.
    static func merged(into environment: [String: String]) -> [String: String] {
        guard environment["DATABASE_URL"]?.isEmpty ?? true, let path = path(in: environment),
            let data = FileManager.default.contents(atPath: path)
        else { return environment }
        var merged = environment
        for (key, value) in parse(String(decoding: data, as: UTF8.self)).variables where merged[key]?.isEmpty ?? true {
            merged[key] = value
        }
        return merged
    }

    /// Reads `KEY=value` and `KEY='value'` lines (`'\''` inside quotes is a quote); `#` lines and
    /// blank lines are skipped, and so is anything that is not an upper-case variable name.
    static func parse(_ text: String) -> DevEnvironment {
        var variables: [(key: String, value: String)] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq])
            guard !key.isEmpty, key.allSatisfy({ ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }) else {
                continue
            }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
            }
            variables.append((key, value))
        }
        return DevEnvironment(variables: variables)
    }

    /// The file's text: a header saying what it is, then one quoted line per variable.
    func rendered(header: String) -> String {
        var text = header.split(whereSeparator: \.isNewline).map { "# " + $0 }.joined(separator: "\n") + "\n"
        for (key, value) in variables {
            text += "\(key)='\(value.replacingOccurrences(of: "'", with: "'\\''"))'\n"
        }
        return text
    }
}
