import Foundation
import Postgres

/// A PgBouncer (the Debian `pgbouncer` package, installed by `scripts/install-deps.sh`) in front of
/// the test PostgreSQL, on a free port, in the pool mode asked for. Stopped by `stop()`.
/// Sendable: `process` is set once in init; afterwards it is only read and terminated.
public final class PgBouncer: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let backend: PostgresConfiguration
    private let process: Process

    public static let executable = "/usr/sbin/pgbouncer"

    /// Starts PgBouncer with `poolMode` (`session`, `transaction`, `statement`) for every database
    /// of `backend`'s server, and waits until it accepts connections.
    public init(backend: PostgresConfiguration, poolMode: String = "transaction") throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw TestDatabaseError(
                message: "\(Self.executable) is missing: run scripts/install-deps.sh (installs the pgbouncer package)")
        }
        guard let password = backend.parameters["password"], let user = backend.user, let host = backend.host,
            let pgPort = backend.port
        else {
            throw TestDatabaseError(
                message: "the test PostgreSQL URL needs host, port, user and password for PgBouncer")
        }
        self.backend = backend
        port = try FreePort.find()
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "tessera-pgbouncer-\(getpid())-\(port)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let userlist = directory.appendingPathComponent("userlist.txt")
        try "\"\(user)\" \"\(password)\"\n".write(to: userlist, atomically: true, encoding: .utf8)
        let ini = directory.appendingPathComponent("pgbouncer.ini")
        try """
        [databases]
        * = host=\(host) port=\(pgPort)
        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = \(port)
        unix_socket_dir =
        auth_type = trust
        auth_file = \(userlist.path)
        pool_mode = \(poolMode)
        max_client_conn = 500
        default_pool_size = 20
        logfile = \(directory.appendingPathComponent("pgbouncer.log").path)

        """.write(to: ini, atomically: true, encoding: .utf8)
        process = Process()
        // PgBouncer refuses to run as root; setpriv execs it as `postgres` (same pid, so terminate() reaches it).
        if getuid() == 0 {
            _ = chown(directory.path, Self.postgresUID, Self.postgresGID)
            for file in [userlist, ini] { _ = chown(file.path, Self.postgresUID, Self.postgresGID) }
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = [
                "--reuid=postgres", "--regid=postgres", "--init-groups", "--", Self.executable, ini.path,
            ]
        } else {
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = [ini.path]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 10)
        while true {
            if (try? PostgresConnection(configuration: url(database: "postgres"))) != nil { break }
            guard Date() < deadline, process.isRunning else {
                let log =
                    (try? String(contentsOf: directory.appendingPathComponent("pgbouncer.log"), encoding: .utf8)) ?? ""
                stop()
                throw TestDatabaseError(message: "PgBouncer did not start: \(log.suffix(1_000))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// `backend`'s configuration with `database`, pointed at PgBouncer.
    public func url(database: String) -> PostgresConfiguration {
        backend.withDatabase(database).setting("host", to: "127.0.0.1").setting("hostaddr", to: nil).setting(
            "port", to: String(port))
    }

    /// Routes `configuration` (a database of the same server) through PgBouncer.
    public func through(_ configuration: PostgresConfiguration) -> PostgresConfiguration {
        url(database: configuration.database ?? "postgres")
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static var postgresUID: uid_t { getpwnam("postgres").map { $0.pointee.pw_uid } ?? 0 }
    private static var postgresGID: gid_t { getpwnam("postgres").map { $0.pointee.pw_gid } ?? 0 }
}
