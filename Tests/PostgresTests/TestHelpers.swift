import Foundation
import Postgres
import TesseraTestSupport
import XCTest

extension XCTestCase {
    /// A fresh, empty database for this test.
    func makeDatabase(file: StaticString = #filePath, line: UInt = #line) throws -> PostgresConfiguration {
        let prefix = String(name.split(separator: " ").last?.prefix(30) ?? "test")
        return try TestDatabase.shared.createConfiguration(prefix: prefix)
    }

    /// A connection to a fresh, empty database.
    func makeConnection() throws -> PostgresConnection {
        try PostgresConnection(configuration: try makeDatabase())
    }

    /// Asserts that `body` throws a `PostgresError` and returns it.
    func assertPostgresError(
        _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
    ) -> PostgresError? {
        do {
            try body()
            XCTFail("expected a PostgresError", file: file, line: line)
        } catch let error as PostgresError {
            return error
        } catch {
            XCTFail("expected a PostgresError, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// Polls `condition` until it holds or `timeout` passes.
    func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// Terminates every other backend connected to `database` (simulates a server-side disconnect).
func terminateOtherBackends(of configuration: PostgresConfiguration) throws -> Int {
    let admin = try PostgresConnection(configuration: configuration)
    let result = try admin.query(
        """
        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
        """)
    return try result.first!.decode(Int.self, 0)
}
