import Foundation
import Postgres
import TesseraTestSupport
import XCTest

final class EmbeddedPostgresTests: XCTestCase {
    private var directories: [TemporaryDirectory] = []
    private var servers: [EmbeddedPostgres] = []

    override func tearDown() {
        for server in servers { server.stop() }
        for directory in directories { directory.remove() }
        super.tearDown()
    }

    /// A private cluster in a fresh directory (not the shared test server, which other tests use).
    private func makeServer() throws -> EmbeddedPostgres {
        let directory = try TemporaryDirectory(prefix: "tessera-epg")
        directories.append(directory)
        let server = EmbeddedPostgres(
            directory: directory.url.appendingPathComponent("cluster"), port: try FreePort.find(),
            durability: .fastUnsafe)
        servers.append(server)
        return server
    }

    func test_start_missingBinariesGiveAClearError() throws {
        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        let server = EmbeddedPostgres(
            directory: empty.url.appendingPathComponent("c"), port: 1, binDirectory: empty.url)
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual(error as? EmbeddedPostgresError, .binariesNotFound(searched: [empty.url.path]))
            XCTAssertTrue("\(error)".contains(empty.url.path))
            XCTAssertTrue("\(error)".contains("initdb"))
        }
    }

    func test_start_asRootRejectsDirectoryThePostgresUserCannotReach() throws {
        let parent = try TemporaryDirectory(prefix: "tessera-private")
        defer { parent.remove() }
        XCTAssertEqual(chmod(parent.url.path, 0o700), 0)
        let server = EmbeddedPostgres(
            directory: parent.url.appendingPathComponent("cluster"), port: try FreePort.find())
        servers.append(server)
        if getuid() == 0 {
            XCTAssertThrowsError(try server.start()) { error in
                guard case .fileSystem(_, let reason) = error as? EmbeddedPostgresError else {
                    return XCTFail("\(error)")
                }
                XCTAssertTrue(reason.contains("postgres"), reason)
            }
        } else {
            // Not root: the server runs as ourselves, so our own private directory is fine.
            XCTAssertNoThrow(try server.start())
        }
    }

    func test_findBinDirectory_locatesServerBinaries() throws {
        let bin = try EmbeddedPostgres.findBinDirectory()
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path))
    }

    func test_tcpLogins_needTheGeneratedPassword() throws {
        let server = try makeServer()
        let url = try server.start()
        let attributes = try FileManager.default.attributesOfItem(atPath: server.passwordFile.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try PostgresConnection(url: url).query("SELECT 1").first?.decode(Int.self, 0), 1)
        let withoutPassword = "postgresql://postgres@127.0.0.1:\(server.port)/postgres"
        XCTAssertEqual(assertPostgresError { _ = try PostgresConnection(url: withoutPassword) }?.kind, .connection)
        let wrongPassword = "postgresql://postgres:guess@127.0.0.1:\(server.port)/postgres"
        XCTAssertEqual(assertPostgresError { _ = try PostgresConnection(url: wrongPassword) }?.kind, .connection)
    }

    func test_start_isRestartSafeAndKeepsDataBetweenRuns() throws {
        let server = try makeServer()
        let url = try server.start()
        XCTAssertTrue(url.contains("127.0.0.1:\(server.port)"))
        XCTAssertTrue(server.isRunning())
        try PostgresConnection(url: url).execute("CREATE TABLE kept (n int)")
        XCTAssertEqual(try server.start(), url, "starting a running cluster reuses it")

        server.stop()
        XCTAssertFalse(server.isRunning())
        XCTAssertEqual(assertPostgresError { _ = try PostgresConnection(url: url) }?.kind, .connection)

        try server.start()
        XCTAssertNotNil(
            try PostgresConnection(url: url).query("SELECT to_regclass('kept')::text").first?.decode(String?.self, 0))
        let socketConnection = try PostgresConnection(
            url: "host=\(server.directory.path) port=\(server.port) user=postgres dbname=postgres")
        XCTAssertEqual(
            try socketConnection.query("SELECT 1").first?.decode(Int.self, 0), 1, "unix socket in the directory")
        let listen = try socketConnection.query("SHOW listen_addresses").first?.decode(String.self, 0)
        XCTAssertEqual(listen, "127.0.0.1")
    }

    func test_pool_recoversAfterServerRestart() throws {
        let server = try makeServer()
        let config = try PostgresConfiguration(url: try server.start())
        let pool = PostgresPool(configuration: config, maxConnections: 2, acquireTimeout: 2, idleCheckInterval: 60)
        defer { pool.close() }
        try pool.execute("CREATE TABLE t (n int)")
        try pool.execute("INSERT INTO t VALUES (\(1))")

        server.stop()
        XCTAssertEqual(assertPostgresError { _ = try pool.query("SELECT 1") }?.kind, .connection, "server down")
        try server.start()

        XCTAssertEqual(try pool.query("SELECT count(*) FROM t").first?.decode(Int.self, 0), 1)
        XCTAssertLessThanOrEqual(pool.statistics.open, 2)
    }

    func test_listener_reconnectsAfterServerRestart() throws {
        let server = try makeServer()
        let config = try PostgresConfiguration(url: try server.start())
        let inbox = NotificationInbox()
        let listener = PostgresListener(
            configuration: config, channels: ["changes"], reconnectDelay: 0.05, maxReconnectDelay: 0.2,
            onReconnect: { inbox.reconnected() }, onNotification: { inbox.add($0, $1) })
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilListening(timeout: 10))

        server.stop()
        XCTAssertTrue(waitUntil(timeout: 5) { !listener.isListening })
        try server.start()
        XCTAssertTrue(listener.waitUntilListening(generation: 2, timeout: 10))
        XCTAssertTrue(waitUntil(timeout: 5) { inbox.reconnectCount == 1 })

        try PostgresConnection(configuration: config).execute("SELECT pg_notify(\("changes"), \("back"))")
        XCTAssertTrue(waitUntil(timeout: 5) { inbox.contains("changes", "back") })
    }
}
