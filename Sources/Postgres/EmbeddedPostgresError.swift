/// Why an `EmbeddedPostgres` could not be set up, started or reached.
public enum EmbeddedPostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No directory with `initdb`, `pg_ctl` and `postgres` was found.
    case binariesNotFound(searched: [String])
    /// Running as root, but there is no `postgres` OS user to run the server as.
    case missingOSUser(String)
    /// The data directory path makes the unix socket path longer than the OS allows.
    case socketPathTooLong(String)
    /// A command (initdb, pg_ctl) exited with a failure status.
    case commandFailed(command: String, status: Int32, output: String)
    /// The server did not accept connections in time.
    case notReady(seconds: Double, logTail: String)
    /// A file-system operation on the cluster directory failed.
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; searched "
                + searched.joined(separator: ", ")
                + ". Install the server (e.g. apt-get install postgresql) or pass binDirectory:"
        case .missingOSUser(let user):
            return "running as root needs an OS user \"\(user)\" to run PostgreSQL as (initdb refuses root)"
        case .socketPathTooLong(let path):
            return "unix socket path \(path) is too long; use a shorter cluster directory"
        case .commandFailed(let command, let status, let output):
            return "\(command) failed with status \(status): \(output)"
        case .notReady(let seconds, let logTail):
            return "PostgreSQL did not accept connections within \(seconds) s; log tail: \(logTail)"
        case .fileSystem(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
