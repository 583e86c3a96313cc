import CLibPQ
import Foundation
import TesseraLog

/// A private PostgreSQL cluster run from the machine's server binaries, for development and tests.
///
/// Layout: `directory/data` (the cluster, created by `initdb` on first start and kept afterwards),
/// `directory/postgres.log`, and the unix socket in `directory` itself. The server listens on
/// 127.0.0.1 only. TCP connections need the superuser's password, generated at initdb and kept in
/// `directory/superuser.password` (mode 0600); the unix socket inside the 0700 directory trusts
/// the OS user that owns it. When the process runs
/// as root, the directory is chowned to the `postgres` OS user and every binary runs through
/// `runuser -u postgres --` (initdb and postgres refuse to run as root).
public struct EmbeddedPostgres: Sendable {
    /// Durability trade-off: `.fastUnsafe` turns off fsync, synchronous commit and full-page writes
    /// (a crash can corrupt the cluster). Only for throwaway test clusters.
    public enum Durability: Sendable, Equatable {
        case durable, fastUnsafe
    }

    public let directory: URL
    public let port: Int
    public let durability: Durability
    private let logger: Logger?
    private let binDirectoryOverride: URL?

    /// The superuser name and the OS user the server runs as when we are root.
    public static let superuser = "postgres"

    public init(
        directory: URL, port: Int, logger: Logger? = nil, durability: Durability = .durable, binDirectory: URL? = nil
    ) {
        self.directory = directory.standardizedFileURL
        self.port = port
        self.logger = logger
        self.durability = durability
        self.binDirectoryOverride = binDirectory
    }

    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    public var logFile: URL { directory.appendingPathComponent("postgres.log") }
    /// The superuser's generated password (absent for clusters created before passwords were used).
    public var passwordFile: URL { directory.appendingPathComponent("superuser.password") }

    /// The connection URL for the `postgres` database, with the superuser's password when there is one.
    public var url: String {
        let password = (try? String(contentsOf: passwordFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = password.map { "\(Self.superuser):\($0)" } ?? Self.superuser
        return "postgresql://\(credentials)@127.0.0.1:\(port)/postgres"
    }

    /// Creates the cluster if needed, starts the server (or reuses one already running from this
    /// directory on this port), waits until it accepts connections and returns its URL.
    @discardableResult
    public func start() throws -> String {
        let bin = try resolveBinDirectory()
        let runAs = try osUserForServer()
        try prepareDirectory(runAs: runAs)
        let socketPath = directory.path + "/.s.PGSQL.\(port)"
        guard socketPath.utf8.count < 104 else { throw EmbeddedPostgresError.socketPathTooLong(socketPath) }

        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            try initializeCluster(bin: bin, runAs: runAs)
        }
        try writeSettings(runAs: runAs)

        if isRunning(bin: bin, runAs: runAs) {
            if runningPort() == port {
                try waitUntilReady(timeout: 30)
                return url
            }
            stop()
        }
        logger?.info(
            "starting embedded postgres", [("port", .int(Int64(port))), ("directory", .string(directory.path))])
        let started = try CommandRunner.run(
            bin.appendingPathComponent("pg_ctl").path,
            ["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-s"],
            asUser: runAs?.name, workingDirectory: directory)
        guard started.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(
                command: "pg_ctl start", status: started.status, output: started.output + logTail())
        }
        try waitUntilReady(timeout: 30)
        return url
    }

    /// Stops the server (`pg_ctl stop -m fast`); does nothing if it is not running.
    public func stop() {
        guard let (bin, runAs) = binariesAndUser() else { return }
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path) else {
            return
        }
        let outcome = try? CommandRunner.run(
            bin.appendingPathComponent("pg_ctl").path,
            ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "-s"],
            asUser: runAs?.name, workingDirectory: directory)
        if let outcome, outcome.status != 0, isRunning(bin: bin, runAs: runAs) {
            logger?.warning("embedded postgres stop failed", [("status", .int(Int64(outcome.status)))])
        }
    }

    /// Whether a server is running from this cluster directory.
    public func isRunning() -> Bool {
        guard let (bin, runAs) = binariesAndUser() else { return false }
        return isRunning(bin: bin, runAs: runAs)
    }

    private func binariesAndUser() -> (URL, OSUser?)? {
        do {
            return (try resolveBinDirectory(), try osUserForServer())
        } catch {
            return nil
        }
    }

    // MARK: - Binaries

    /// The UTF-8 variant of the C locale when the C library has one (glibc 2.35+ and Debian ship
    /// `C.UTF-8`), for the cluster's LC_CTYPE.
    static let utf8CType: String? = {
        guard let locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else { return nil }
        freelocale(locale)
        return "C.UTF-8"
    }()

    /// The directory holding `initdb`, `pg_ctl` and `postgres`: the `binDirectory` given to init,
    /// else `TESSERA_POSTGRES_BIN`, the newest `/usr/lib/postgresql/<version>/bin`, `pg_config --bindir`, or PATH.
    public func resolveBinDirectory() throws(EmbeddedPostgresError) -> URL {
        if let binDirectoryOverride {
            guard Self.hasServerBinaries(binDirectoryOverride.path) else {
                throw .binariesNotFound(searched: [binDirectoryOverride.path])
            }
            return binDirectoryOverride
        }
        return try Self.findBinDirectory()
    }

    /// Searches the usual places for the server binaries.
    public static func findBinDirectory() throws(EmbeddedPostgresError) -> URL {
        var searched: [String] = []
        func check(_ path: String) -> URL? {
            searched.append(path)
            return hasServerBinaries(path) ? URL(fileURLWithPath: path) : nil
        }
        if let env = ProcessInfo.processInfo.environment["TESSERA_POSTGRES_BIN"], let found = check(env) {
            return found
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { name in Double(name).map { (name, $0) } }
            .sorted { $0.1 > $1.1 }
        if versions.isEmpty { searched.append(root + "/<version>/bin") }
        for (name, _) in versions {
            if let found = check("\(root)/\(name)/bin") { return found }
        }
        let pathDirectories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":").map(String.init)
        if let pgConfig = pathDirectories.map({ $0 + "/pg_config" }).first(where: CommandRunner.isExecutable),
            let outcome = try? CommandRunner.run(pgConfig, ["--bindir"]), outcome.status == 0
        {
            if let found = check(outcome.output.trimmingWhitespace()) { return found }
        }
        for directory in pathDirectories {
            if let found = check(directory) { return found }
        }
        throw .binariesNotFound(searched: searched)
    }

    static func hasServerBinaries(_ path: String) -> Bool {
        ["initdb", "pg_ctl", "postgres"].allSatisfy { CommandRunner.isExecutable(path + "/" + $0) }
    }

    // MARK: - Setup

    struct OSUser {
        let name: String
        let uid: uid_t
        let gid: gid_t
    }

    /// The OS user to run binaries as: `postgres` when we are root, nil (ourselves) otherwise.
    private func osUserForServer() throws(EmbeddedPostgresError) -> OSUser? {
        guard getuid() == 0 else { return nil }
        guard let entry = getpwnam(Self.superuser) else { throw .missingOSUser(Self.superuser) }
        return OSUser(name: Self.superuser, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    private func prepareDirectory(runAs: OSUser?) throws(EmbeddedPostgresError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory.path, reason: "cannot create directory")
        }
        _ = chmod(directory.path, 0o700)
        guard let runAs else { return }
        guard chown(directory.path, runAs.uid, runAs.gid) == 0 else {
            throw .fileSystem(path: directory.path, reason: "cannot chown to \(runAs.name): errno \(errno)")
        }
        // Owning the directory is not enough: every parent must be searchable by that user too
        // (a cluster under /root fails here with a clear message rather than deep inside initdb).
        let test = ["/usr/bin/test", "/bin/test"].first(where: CommandRunner.isExecutable) ?? "/usr/bin/test"
        let probe = try CommandRunner.run(test, ["-w", directory.path, "-a", "-x", directory.path], asUser: runAs.name)
        guard probe.status == 0 else {
            throw .fileSystem(
                path: directory.path,
                reason: "not accessible to OS user \(runAs.name); choose a directory whose parents it can search")
        }
    }

    private func initializeCluster(bin: URL, runAs: OSUser?) throws(EmbeddedPostgresError) {
        // A data directory without PG_VERSION is the remains of an interrupted initdb.
        try? FileManager.default.removeItem(at: dataDirectory)
        // Other local users must not get a superuser session over TCP: password (SCRAM) for TCP,
        // peer-equivalent trust only on the socket inside our 0700 directory.
        var generator = SystemRandomNumberGenerator()
        let password = (0..<32).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        let fd = open(passwordFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .fileSystem(path: passwordFile.path, reason: "cannot create: errno \(errno)") }
        let bytes = Array((password + "\n").utf8)
        let written = write(fd, bytes, bytes.count)
        close(fd)
        guard written == bytes.count else { throw .fileSystem(path: passwordFile.path, reason: "cannot write") }
        if let runAs { _ = chown(passwordFile.path, runAs.uid, runAs.gid) }
        var arguments = [
            "-D", dataDirectory.path, "-U", Self.superuser, "--auth-local=trust", "--auth-host=scram-sha-256",
            "--pwfile=\(passwordFile.path)", "-E", "UTF8", "--no-locale",
        ]
        // Byte order for sorting (C), but UTF-8 character classes: under LC_CTYPE=C, lower(),
        // ILIKE and pg_trgm treat every non-ASCII letter as a non-letter, so searching "анна"
        // would not find "Анна".
        if let ctype = Self.utf8CType { arguments.append("--lc-ctype=\(ctype)") }
        if durability == .fastUnsafe { arguments.append("--no-sync") }
        logger?.info("initializing embedded postgres cluster", [("directory", .string(dataDirectory.path))])
        let outcome = try CommandRunner.run(
            bin.appendingPathComponent("initdb").path, arguments, asUser: runAs?.name, workingDirectory: directory)
        guard outcome.status == 0 else {
            throw .commandFailed(command: "initdb", status: outcome.status, output: outcome.output)
        }
        let conf = dataDirectory.appendingPathComponent("postgresql.conf")
        guard let handle = FileHandle(forWritingAtPath: conf.path) else {
            throw .fileSystem(path: conf.path, reason: "cannot open for appending")
        }
        handle.seekToEndOfFile()
        handle.write(Data("\ninclude_if_exists = 'tessera.conf'\n".utf8))
        try? handle.close()
    }

    /// Rewritten on every start, so port and durability follow the current configuration.
    private func writeSettings(runAs: OSUser?) throws(EmbeddedPostgresError) {
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        var lines = [
            "# Written by Tessera's EmbeddedPostgres on every start.",
            "listen_addresses = '127.0.0.1'",
            "port = \(port)",
            "unix_socket_directories = \(quoted(directory.path))",
            "logging_collector = off",
            "timezone = 'UTC'",
            "datestyle = 'iso, mdy'",
        ]
        if durability == .fastUnsafe {
            lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        }
        let path = dataDirectory.appendingPathComponent("tessera.conf").path
        guard FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        else { throw .fileSystem(path: path, reason: "cannot write settings") }
        if let runAs { _ = chown(path, runAs.uid, runAs.gid) }
    }

    // MARK: - State

    private func isRunning(bin: URL, runAs: OSUser?) -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else {
            return false
        }
        let outcome = try? CommandRunner.run(
            bin.appendingPathComponent("pg_ctl").path, ["status", "-D", dataDirectory.path], asUser: runAs?.name,
            workingDirectory: directory)
        return outcome?.status == 0
    }

    /// The port recorded in `postmaster.pid` (its fourth line).
    private func runningPort() -> Int? {
        guard
            let data = FileManager.default.contents(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path)
        else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 3 ? Int(String(lines[3]).trimmingWhitespace()) : nil
    }

    private func waitUntilReady(timeout: Double) throws(EmbeddedPostgresError) {
        let conninfo = "host=127.0.0.1 port=\(port) user=\(Self.superuser) dbname=postgres connect_timeout=2"
        let deadline = MonotonicClock.now() + timeout
        while true {
            if PQping(conninfo) == PQPING_OK { return }
            if MonotonicClock.now() > deadline { throw .notReady(seconds: timeout, logTail: logTail()) }
            usleep(50_000)
        }
    }

    private func logTail() -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        return "\n" + String(decoding: data.suffix(2000), as: UTF8.self)
    }
}
