import Postgres
import XCTest

private struct Boom: Error {}

final class PostgresConnectionTransactionTests: XCTestCase {
    private func count(_ conn: PostgresConnection) throws -> Int {
        try conn.query("SELECT count(*) FROM items").first!.decode(Int.self, 0)
    }

    func test_transaction_commitsWhenBodyReturns() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int)")
        let value = try conn.transaction { tx in
            try tx.execute("INSERT INTO items VALUES (\(1))")
            XCTAssertTrue(tx.isInTransaction)
            return 42
        }
        XCTAssertEqual(value, 42)
        XCTAssertFalse(conn.isInTransaction)
        XCTAssertEqual(try count(conn), 1)
    }

    func test_transaction_rollsBackWhenBodyThrows() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int)")
        XCTAssertThrowsError(
            try conn.transaction { tx in
                try tx.execute("INSERT INTO items VALUES (\(1))")
                throw Boom()
            }
        ) { XCTAssertTrue($0 is Boom) }
        XCTAssertFalse(conn.isInTransaction)
        XCTAssertEqual(try count(conn), 0)
    }

    func test_transaction_rollsBackAfterAFailedStatementAndStaysUsable() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int UNIQUE)")
        XCTAssertThrowsError(
            try conn.transaction { tx in
                try tx.execute("INSERT INTO items VALUES (\(1))")
                try tx.execute("INSERT INTO items VALUES (\(1))")
            }
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, "23505") }
        XCTAssertEqual(try count(conn), 0)
        try conn.execute("INSERT INTO items VALUES (\(2))")
        XCTAssertEqual(try count(conn), 1)
    }

    func test_nestedTransaction_innerFailureRollsBackOnlyTheSavepoint() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int)")
        try conn.transaction { outer in
            try outer.execute("INSERT INTO items VALUES (\(1))")
            XCTAssertThrowsError(
                try outer.transaction { inner in
                    try inner.execute("INSERT INTO items VALUES (\(2))")
                    throw Boom()
                })
            try outer.transaction { inner in
                try inner.execute("INSERT INTO items VALUES (\(3))")
                try inner.transaction { innermost in try innermost.execute("INSERT INTO items VALUES (\(4))") }
            }
            XCTAssertTrue(outer.isInTransaction)
        }
        let values = try conn.query("SELECT n FROM items ORDER BY n").map { try $0.decode(Int.self, 0) }
        XCTAssertEqual(values, [1, 3, 4])
    }

    func test_nestedTransaction_outerFailureRollsBackCommittedSavepoints() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int)")
        XCTAssertThrowsError(
            try conn.transaction { outer in
                try outer.transaction { inner in try inner.execute("INSERT INTO items VALUES (\(1))") }
                throw Boom()
            })
        XCTAssertEqual(try count(conn), 0)
    }

    func test_transaction_insideManualBeginUsesSavepoint() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE items (n int)")
        try conn.simpleQuery("BEGIN")
        try conn.execute("INSERT INTO items VALUES (\(1))")
        XCTAssertThrowsError(
            try conn.transaction { tx in
                try tx.execute("INSERT INTO items VALUES (\(2))")
                throw Boom()
            })
        XCTAssertTrue(conn.isInTransaction, "the manual transaction is still open")
        try conn.simpleQuery("COMMIT")
        XCTAssertEqual(try count(conn), 1)
    }
}
