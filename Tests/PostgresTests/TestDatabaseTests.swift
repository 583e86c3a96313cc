import Postgres
import TesseraTestSupport
import XCTest

/// Checks the shared test-database support the other test targets rely on.
final class TestDatabaseTests: XCTestCase {
    func test_createDatabase_returnsDistinctEmptyDatabases() throws {
        let first = try PostgresConfiguration(url: try TestDatabase.shared.createDatabase(prefix: "Iso-Lation"))
        let second = try PostgresConfiguration(url: try TestDatabase.shared.createDatabase(prefix: "isolation"))
        XCTAssertNotEqual(first.database, second.database)
        XCTAssertTrue(first.database?.hasPrefix("iso_lation_") ?? false, String(describing: first.database))

        let a = try PostgresConnection(configuration: first)
        let tables = try a.query(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        XCTAssertEqual(try tables.first?.decode(Int.self, 0), 0)
        try a.execute("CREATE TABLE only_in_first (n int)")
        let b = try PostgresConnection(configuration: second)
        XCTAssertNil(try b.query("SELECT to_regclass('only_in_first')::text").first?.decode(String?.self, 0))
    }

    func test_shared_startsOneServerPerProcess() throws {
        let admin = try TestDatabase.shared.adminConfiguration()
        XCTAssertEqual(try TestDatabase.shared.adminConfiguration(), admin)
        if let embedded = TestDatabase.shared.embedded {
            XCTAssertTrue(embedded.isRunning())
            XCTAssertEqual(admin.port, embedded.port)
        }
    }
}
