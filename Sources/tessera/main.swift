import Foundation

// `tessera` entry point: dispatch on the first words, map failures to exit codes.
let argv = Array(CommandLine.arguments.dropFirst())

func run(_ argv: [String]) throws(CLIError) {
    guard let command = argv.first else {
        Output.line(HelpText.main)
        throw .usage("missing command")
    }
    let rest = Array(argv.dropFirst())
    switch command {
    case "--help", "-h", "help":
        Output.line(HelpText.main)
    case "--version", "version":
        Output.line("tessera 0.1.0")
    case "tenant": try TenantCommand.run(rest)
    case "blueprint": try BlueprintCommand.run(rest)
    case "migrate": try MigrateCommand.run(rest)
    case "serve": try ServeCommand.run(rest)
    case "dev": try DevCommand.run(rest)
    case "admin": try AdminCommand.run(rest)
    case "staff": try StaffCommand.run(rest)
    case "telegram-sim": try TelegramSimCommand.run(rest)
    default:
        throw .usage("unknown command \"\(command)\" (expected dev, serve, migrate, tenant, admin, staff, blueprint, telegram-sim; see tessera --help)")
    }
}

do {
    try run(argv)
    exit(0)
} catch {
    // One line per failure; only invalid input (blueprints, manifests) lists one problem per line.
    let message = error.code == .dataError
        ? error.message
        : error.message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    Output.error(message)
    exit(error.code.rawValue)
}
