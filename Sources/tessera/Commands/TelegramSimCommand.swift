import TelegramSimulator
import TesseraLog

/// `tessera telegram-sim`: the Bot API simulator as a server of its own.
enum TelegramSimCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["strict"], options: ["port", "host"])
        if args.help { return Output.line(HelpText.telegramSim) }
        try args.expectPositionals(0)
        let raw = args.options["port"] ?? "8081"
        guard let port = Int(raw), (0...65535).contains(port) else {
            throw .usage("invalid port \"\(raw)\": expected 0–65535")
        }
        let host = args.options["host"] ?? "127.0.0.1"
        try Configuration.processOnly().validate()
        let logger = Logger.fromEnvironment(label: "tessera.telegram-sim")
        let simulator = TelegramSimulator(
            host: host, port: port, acceptAnyToken: !args.flags.contains("strict"), logger: logger)
        do { try simulator.start() } catch { throw .failure("cannot start the simulator: \(error)") }
        Output.line(
            "Telegram Bot API simulator on http://\(host):\(simulator.port)  (TELEGRAM_API_URL=http://\(host):\(simulator.port))"
        )
        simulator.runUntilSignal()
    }
}
