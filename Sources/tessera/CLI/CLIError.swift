/// A command failure with the exit code it maps to (sysexits-style).
struct CLIError: Error, CustomStringConvertible {
    enum Code: Int32 {
        /// Something failed at run time.
        case failure = 1
        /// Wrong usage: unknown command, missing argument, bad flag (EX_USAGE).
        case usage = 64
        /// The input is invalid: a blueprint, a manifest (EX_DATAERR).
        case dataError = 65
        /// An input file cannot be read (EX_NOINPUT).
        case noInput = 66
        /// A needed service is unavailable: the database (EX_UNAVAILABLE).
        case unavailable = 69
        /// Configuration is missing or invalid (EX_CONFIG).
        case config = 78
    }

    var code: Code
    var message: String

    static func usage(_ message: String) -> CLIError { CLIError(code: .usage, message: message) }
    static func data(_ message: String) -> CLIError { CLIError(code: .dataError, message: message) }
    static func config(_ message: String) -> CLIError { CLIError(code: .config, message: message) }
    static func failure(_ message: String) -> CLIError { CLIError(code: .failure, message: message) }

    var description: String { message }
}
