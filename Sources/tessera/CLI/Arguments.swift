/// Command-line arguments after the command words: positionals, `--flag`s and `--option value`s.
/// Tokenised first, then matched against what the command declares, so unknown flags are errors.
struct Arguments {
    var positionals: [String] = []
    var flags: Set<String> = []
    var options: [String: String] = [:]

    /// Parses `argv`, accepting `flagNames` (no value) and `optionNames` (one value, `--x v` or `--x=v`).
    init(_ argv: [String], flags flagNames: Set<String>, options optionNames: Set<String>) throws(CLIError) {
        var i = 0
        var onlyPositionals = false
        while i < argv.count {
            let arg = argv[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(arg.drop(while: { $0 == "-" }))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "h" { name = "help" }
            if flagNames.contains(name) || name == "help" {
                guard inlineValue == nil else { throw .usage("--\(name) takes no value") }
                flags.insert(name)
            } else if optionNames.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard i < argv.count else { throw .usage("--\(name) needs a value") }
                    options[name] = argv[i]
                    i += 1
                }
            } else {
                let known = (flagNames.union(optionNames)).sorted().map { "--\($0)" }.joined(separator: ", ")
                throw .usage("unknown option \(arg)" + (known.isEmpty ? "" : " (expected \(known))"))
            }
        }
    }

    var json: Bool { flags.contains("json") }
    var help: Bool { flags.contains("help") }

    func positional(_ index: Int, _ name: String) throws(CLIError) -> String {
        guard index < positionals.count else { throw .usage("missing \(name)") }
        return positionals[index]
    }

    func expectPositionals(_ count: Int) throws(CLIError) {
        if positionals.count > count {
            throw .usage("unexpected argument \"\(positionals[count])\"")
        }
    }
}
