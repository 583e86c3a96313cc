import Foundation
import Postgres
import TesseraLog

/// One PostgreSQL server per test process, and a fresh database per test.
///
/// Uses `TESSERA_TEST_DATABASE_URL` when set (a superuser URL; databases created here are dropped
/// at exit). Otherwise starts an `EmbeddedPostgres` (fast, non-durable settings) in a new temporary
/// directory on a free port, and stops and deletes it when the process exits.
public final class TestDatabase: Sendable {
    /// The process-wide instance; the server starts on first use.
    public static let shared = TestDatabase()

    private struct Server: Sendable {
        let configuration: PostgresConfiguration
        let embedded: EmbeddedPostgres?
    }

    private let startup: Result<Server, TestDatabaseError>

    private init() {
        startup = Self.startServer()
    }

    /// The embedded server, or nil when `TESSERA_TEST_DATABASE_URL` points elsewhere.
    public var embedded: EmbeddedPostgres? { try? startup.get().embedded }

    /// The configuration of the server's maintenance database (`postgres`).
    public func adminConfiguration() throws -> PostgresConfiguration {
        try startup.get().configuration
    }

    /// Creates a brand-new, empty database and returns its URL.
    public func createDatabase(prefix: String = "test") throws -> String {
        try createConfiguration(prefix: prefix).url
    }

    /// Creates a brand-new, empty database and returns its configuration.
    public func createConfiguration(prefix: String = "test") throws -> PostgresConfiguration {
        let admin = try startup.get().configuration
        let name = Self.databaseName(prefix: prefix)
        let connection = try PostgresConnection(configuration: admin)
        try connection.simpleQuery("CREATE DATABASE \(name.quoted)")
        if case .success(let server) = startup, server.embedded == nil {
            CleanupRegistry.global.recordDatabase(name.raw)
        }
        return admin.withDatabase(name.raw)
    }

    /// `<prefix>_<random>`, reduced to a valid identifier.
    static func databaseName(prefix: String) -> Identifier {
        var cleaned = String(prefix.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        if cleaned.isEmpty || cleaned.first!.isNumber { cleaned = "t_" + cleaned }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let name = String(cleaned.prefix(40)) + "_" + suffix
        // The name is built from [a-z0-9_] only, so validation cannot fail.
        return try! Identifier(name)
    }

    private static func startServer() -> Result<Server, TestDatabaseError> {
        if let url = ProcessInfo.processInfo.environment["TESSERA_TEST_DATABASE_URL"], !url.isEmpty {
            do {
                let configuration = try PostgresConfiguration(url: url)
                CleanupRegistry.global.registerExternal(configuration)
                return .success(Server(configuration: configuration, embedded: nil))
            } catch {
                return .failure(TestDatabaseError(message: "TESSERA_TEST_DATABASE_URL is invalid: \(error)"))
            }
        }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("tessera-pg-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))")
        do {
            let port = try FreePort.find()
            let server = EmbeddedPostgres(
                directory: directory, port: port,
                logger: Logger(label: "test-postgres", minimumLevel: .warning), durability: .fastUnsafe)
            CleanupRegistry.global.registerEmbedded(server)
            let url = try server.start()
            return .success(Server(configuration: try PostgresConfiguration(url: url), embedded: server))
        } catch {
            return .failure(TestDatabaseError(message: "cannot start the test PostgreSQL: \(error)"))
        }
    }
}

/// The test server could not be started or reached.
public struct TestDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// What to tear down when the test process exits (registered with `atexit`).
final class CleanupRegistry: @unchecked Sendable {
    static let global = CleanupRegistry()

    // `embedded`, `external`, `databases` and `registered` are guarded by `lock`.
    private let lock = NSLock()
    private var embedded: EmbeddedPostgres?
    private var external: PostgresConfiguration?
    private var databases: [String] = []
    private var registered = false

    func registerEmbedded(_ server: EmbeddedPostgres) {
        lock.lock()
        embedded = server
        lock.unlock()
        registerAtExit()
    }

    func registerExternal(_ configuration: PostgresConfiguration) {
        lock.lock()
        external = configuration
        lock.unlock()
        registerAtExit()
    }

    func recordDatabase(_ name: String) {
        lock.lock()
        databases.append(name)
        lock.unlock()
    }

    private func registerAtExit() {
        lock.lock()
        defer { lock.unlock() }
        guard !registered else { return }
        registered = true
        atexit { CleanupRegistry.global.cleanUp() }
    }

    func cleanUp() {
        lock.lock()
        let server = embedded
        let external = external
        let databases = databases
        embedded = nil
        self.databases = []
        lock.unlock()
        if let server {
            server.stop()
            try? FileManager.default.removeItem(at: server.directory)
        }
        if let external, !databases.isEmpty, let connection = try? PostgresConnection(configuration: external) {
            for name in databases {
                try? connection.simpleQuery("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
            }
        }
    }
}
