import Blueprint
import Foundation
import TesseraJSON

/// `tessera blueprint validate|render`.
enum BlueprintCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        guard let sub = argv.first, !sub.hasPrefix("-") else {
            if argv.contains("--help") || argv.contains("-h") { return Output.line(HelpText.blueprint) }
            Output.line(HelpText.blueprint)
            throw .usage("missing subcommand (validate or render)")
        }
        let rest = Array(argv.dropFirst())
        switch sub {
        case "validate": try validate(rest)
        case "render": try render(rest)
        default: throw .usage("unknown blueprint subcommand \"\(sub)\" (expected validate, render)")
        }
    }

    static func load(_ file: String) -> Result<Blueprint, BlueprintDiagnostics>? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return BlueprintLoader.load(Array(data), file: file)
    }

    static func validate(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("blueprint", "validate")) }
        guard !args.positionals.isEmpty else { throw .usage("missing FILE (one or more blueprint files)") }
        var results: [JSONValue] = []
        var failures = 0
        var unreadable = 0
        for file in args.positionals {
            guard let result = load(file) else {
                unreadable += 1
                if args.json {
                    results.append(["file": .string(file), "valid": false, "errors": [["message": "cannot read the file"]]])
                } else {
                    Output.error("\(file): cannot read the file")
                }
                continue
            }
            switch result {
            case .success(let blueprint):
                if args.json {
                    results.append(["file": .string(file), "valid": true, "sections": .int(Int64(blueprint.sections.count))])
                } else {
                    Output.line("\(file): ok (\(blueprint.sections.count) sections)")
                }
            case .failure(let diagnostics):
                failures += 1
                if args.json {
                    results.append([
                        "file": .string(file), "valid": false,
                        "errors": .array(diagnostics.diagnostics.map { d in
                            var o: JSONObject = ["line": .int(Int64(d.line)), "column": .int(Int64(d.column)),
                                                 "pointer": .string(d.pointer), "message": .string(d.message)]
                            if let e = d.expected { o["expected"] = .string(e) }
                            if let s = d.suggestion { o["suggestion"] = .string(s) }
                            return .object(o)
                        }),
                    ])
                } else {
                    for d in diagnostics.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
                }
            }
        }
        if args.json { Output.json(["files": .array(results)]) }
        if unreadable > 0 {
            throw CLIError(code: .noInput, message: "\(unreadable) of \(args.positionals.count) file(s) cannot be read")
        }
        if failures > 0 {
            throw .data("\(failures) of \(args.positionals.count) blueprint file(s) invalid")
        }
    }

    static func render(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["manifest", "json"], options: ["screen", "locale", "tags", "now"])
        if args.help { return Output.line(HelpText.subcommand("blueprint", "render")) }
        let file = try args.positional(0, "FILE")
        try args.expectPositionals(1)
        guard let result = load(file) else { throw CLIError(code: .noInput, message: "\(file): cannot read the file") }
        let blueprint: Blueprint
        switch result {
        case .success(let b): blueprint = b
        case .failure(let diagnostics):
            for d in diagnostics.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
            throw .data("\(file) is invalid (\(diagnostics.diagnostics.count) error(s))")
        }
        let interpreter = BlueprintInterpreter(blueprint)
        let locale = interpreter.resolveLocale(args.options["locale"])
        let tags = Set((args.options["tags"] ?? "").split(separator: ",").map { String($0) })
        var now = Date()
        if let raw = args.options["now"] {
            guard let parsed = ISO8601DateFormatter().date(from: raw) else { throw .usage("--now must be ISO 8601, e.g. 2026-11-25T12:00:00Z") }
            now = parsed
        }
        if args.flags.contains("manifest") {
            return Output.json(interpreter.manifest(locale: locale, tags: tags, now: now))
        }
        guard let screen = args.options["screen"] else { throw .usage("missing --screen ID (or --manifest)") }
        guard let rendered = interpreter.screen(screen, context: ScreenContext(locale: locale, tags: tags, now: now)) else {
            let ids = blueprint.sections.map(\.id).joined(separator: ", ")
            throw .failure("no section \"\(screen)\" visible for locale \(locale) and tags [\(tags.sorted().joined(separator: ","))] (sections: \(ids))")
        }
        Output.json(rendered)
    }
}
