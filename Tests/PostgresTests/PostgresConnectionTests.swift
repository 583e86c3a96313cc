import Foundation
import Postgres
import TesseraTestSupport
import XCTest

final class PostgresConnectionTests: XCTestCase {
    func test_query_bindsInterpolatedValuesAsParameters() throws {
        let conn = try makeConnection()
        let name = "Ann"
        let result = try conn.query("SELECT \(name)::text AS name, \(41)::int + 1 AS answer")
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result.columnNames, ["name", "answer"])
        XCTAssertEqual(try result.first?.decode(String.self, "name"), "Ann")
        XCTAssertEqual(try result.first?.decode(Int.self, "answer"), 42)
    }

    func test_query_injectionAttemptIsStoredAsPlainText() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE people (name text NOT NULL)")
        let hostile = "Robert'); DROP TABLE people; --"
        try conn.execute("INSERT INTO people (name) VALUES (\(hostile))")
        let quoteHeavy = #"a'b"c\d$1 $$x$$"#
        try conn.execute("INSERT INTO people (name) VALUES (\(quoteHeavy))")
        let rows = try conn.query("SELECT name FROM people ORDER BY name").map { try $0.decode(String.self, 0) }
        XCTAssertEqual(rows.sorted(), [hostile, quoteHeavy].sorted())
        let match = try conn.query("SELECT count(*) FROM people WHERE name = \("x' OR '1'='1")")
        XCTAssertEqual(try match.first?.decode(Int.self, 0), 0)
    }

    func test_query_roundTripsUnicodeText() throws {
        let conn = try makeConnection()
        let text = "Привет, 世界! 👩‍👩‍👧 café e\u{301}"
        let result = try conn.query("SELECT \(text)::text, length(\(text)::text)")
        XCTAssertEqual(try result.first?.decode(String.self, 0), text)
        XCTAssertEqual(try result.first?.decode(Int.self, 1), text.unicodeScalars.count)
    }

    func test_query_nullsDecodeAsNilAndFailForNonOptionals() throws {
        let conn = try makeConnection()
        let missing: String? = nil
        let row = try XCTUnwrap(conn.query("SELECT \(missing)::text AS a, NULL::bigint AS b").first)
        XCTAssertTrue(row.isNull(0))
        XCTAssertTrue(row.isNull("b"))
        XCTAssertNil(try row.decode(String?.self, "a"))
        XCTAssertNil(try row.decode(Int64?.self, 1))
        let error = assertPostgresError { _ = try row.decode(String.self, "a") }
        XCTAssertEqual(error?.kind, .decoding)
        XCTAssertTrue(error?.message.contains("\"a\"") ?? false, "names the column: \(String(describing: error))")
    }

    func test_decode_supportsEveryColumnType() throws {
        let conn = try makeConnection()
        try conn.execute(
            """
            CREATE TABLE samples (
              big bigint, small int, flag boolean, ratio double precision, label text,
              blob bytea, at timestamptz, doc jsonb, whole int
            )
            """)
        let bytes: [UInt8] = [0, 1, 2, 0x7f, 0x80, 0xff]
        let at = Date(timeIntervalSince1970: 1_714_566_600.123456)
        let inserted = try conn.execute(
            """
            INSERT INTO samples VALUES (
              \(Int64.max), \(Int32.min), \(true), \(3.25), \("text"), \(bytes), \(at), \(#"{"a": [1, "x"]}"#)::jsonb, \(7)
            )
            """)
        XCTAssertEqual(inserted, 1)
        let row = try XCTUnwrap(conn.query("SELECT * FROM samples").first)
        XCTAssertEqual(try row.decode(Int64.self, "big"), Int64.max)
        XCTAssertEqual(try row.decode(Int32.self, "small"), Int32.min)
        XCTAssertEqual(try row.decode(Bool.self, "flag"), true)
        XCTAssertEqual(try row.decode(Double.self, "ratio"), 3.25)
        XCTAssertEqual(try row.decode(String.self, "label"), "text")
        XCTAssertEqual(try row.decode([UInt8].self, "blob"), bytes)
        XCTAssertEqual(try row.decode(Date.self, "at").timeIntervalSince1970, at.timeIntervalSince1970, accuracy: 1e-6)
        XCTAssertEqual(try row.decode(String.self, "doc"), #"{"a": [1, "x"]}"#)
        XCTAssertEqual(try row.decode(Int.self, "whole"), 7)
    }

    func test_decode_timestamptzWithNonUTCSessionZoneAndWholeSeconds() throws {
        let conn = try makeConnection()
        try conn.simpleQuery("SET TimeZone TO 'Asia/Kolkata'")
        let row = try XCTUnwrap(
            conn.query(
                "SELECT '2024-05-01 12:00:00+00'::timestamptz, '2024-05-01 12:00:00.5+00'::timestamptz, 'infinity'::timestamptz"
            ).first)
        XCTAssertEqual(row.text(0), "2024-05-01 17:30:00+05:30")
        XCTAssertEqual(try row.decode(Date.self, 0).timeIntervalSince1970, 1_714_564_800)
        XCTAssertEqual(try row.decode(Date.self, 1).timeIntervalSince1970, 1_714_564_800.5)
        XCTAssertEqual(try row.decode(Date.self, 2), .distantFuture)
    }

    func test_decode_doubleSpecialValuesAndBoolParameters() throws {
        let conn = try makeConnection()
        let row = try XCTUnwrap(
            conn.query(
                "SELECT \(Double.infinity)::float8, \(-Double.infinity)::float8, \(Double.nan)::float8, \(false)::bool, \(1e300)::float8"
            ).first)
        XCTAssertEqual(try row.decode(Double.self, 0), .infinity)
        XCTAssertEqual(try row.decode(Double.self, 1), -.infinity)
        XCTAssertTrue(try row.decode(Double.self, 2).isNaN)
        XCTAssertEqual(try row.decode(Bool.self, 3), false)
        XCTAssertEqual(try row.decode(Double.self, 4), 1e300)
    }

    func test_decode_wrongTypeIsADecodingError() throws {
        let conn = try makeConnection()
        let row = try XCTUnwrap(conn.query("SELECT 'abc'::text AS word").first)
        XCTAssertEqual(assertPostgresError { _ = try row.decode(Int.self, "word") }?.kind, .decoding)
        XCTAssertEqual(assertPostgresError { _ = try row.decode(Int.self, "nope") }?.kind, .decoding)
        XCTAssertEqual(assertPostgresError { _ = try row.decode(Int.self, 5) }?.kind, .decoding)
    }

    func test_execute_uniqueViolationKeepsSQLStateAndDetail() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE users (email text PRIMARY KEY)")
        try conn.execute("INSERT INTO users VALUES (\("a@example.com"))")
        let error = assertPostgresError { try conn.execute("INSERT INTO users VALUES (\("a@example.com"))") }
        XCTAssertEqual(error?.kind, .query)
        XCTAssertEqual(error?.sqlState, "23505")
        XCTAssertTrue(error?.isUniqueViolation ?? false)
        XCTAssertEqual(error?.constraint, "users_pkey")
        XCTAssertTrue(error?.message.contains("duplicate key") ?? false)
        XCTAssertTrue(error?.detail?.contains("a@example.com") ?? false)
        XCTAssertFalse(error?.description.contains("a@example.com") ?? true, "detail stays out of description")
    }

    func test_query_undefinedTableReports42P01AndConnectionStaysUsable() throws {
        let conn = try makeConnection()
        let error = assertPostgresError { _ = try conn.query("SELECT * FROM no_such_table") }
        XCTAssertEqual(error?.sqlState, "42P01")
        XCTAssertEqual(try conn.query("SELECT 1").first?.decode(Int.self, 0), 1)
    }

    func test_query_syntaxErrorReports42601() throws {
        let conn = try makeConnection()
        XCTAssertEqual(assertPostgresError { _ = try conn.query("SELEC 1") }?.sqlState, "42601")
    }

    func test_query_rejectsNulBytesInParameters() throws {
        let conn = try makeConnection()
        let error = assertPostgresError { _ = try conn.query("SELECT \("a\u{0}b")::text") }
        XCTAssertEqual(error?.kind, .query)
        XCTAssertEqual(error?.sqlState, "22021")
    }

    func test_simpleQuery_runsMultiStatementScripts() throws {
        let conn = try makeConnection()
        try conn.simpleQuery("CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2); INSERT INTO t VALUES (3);")
        XCTAssertEqual(try conn.query("SELECT sum(n) FROM t").first?.decode(Int.self, 0), 6)
        XCTAssertEqual(
            assertPostgresError { try conn.simpleQuery("SELECT 1; SELECT * FROM missing;") }?.sqlState, "42P01")
    }

    func test_execute_returnsRowsAffected() throws {
        let conn = try makeConnection()
        try conn.execute("CREATE TABLE t (n int)")
        XCTAssertEqual(try conn.execute("INSERT INTO t SELECT generate_series(1, \(5))"), 5)
        XCTAssertEqual(try conn.execute("UPDATE t SET n = n + 1 WHERE n > \(2)"), 3)
        XCTAssertEqual(try conn.execute("DELETE FROM t"), 5)
    }

    func test_query_identifierInterpolationQuotesTheName() throws {
        let conn = try makeConnection()
        let schema = try Identifier("tenant_cafe")
        try conn.execute("CREATE SCHEMA \(ident: schema)")
        try conn.execute("CREATE TABLE \(ident: schema).posts (title text)")
        try conn.execute("INSERT INTO \(ident: schema).posts VALUES (\("hello"))")
        XCTAssertEqual(
            try conn.query("SELECT title FROM \(ident: schema).posts").first?.decode(String.self, 0), "hello")
    }

    func test_iteration_visitsEveryRowInOrder() throws {
        let conn = try makeConnection()
        let result = try conn.query("SELECT n FROM generate_series(1, \(4)) AS n")
        XCTAssertEqual(try result.map { try $0.decode(Int.self, "n") }, [1, 2, 3, 4])
        XCTAssertEqual(try result[2].decode(Int.self, 0), 3)
    }

    func test_init_unreachableServerIsAConnectionError() throws {
        let port = try FreePort.find()
        let error = assertPostgresError {
            _ = try PostgresConnection(url: "postgresql://nobody:secret@127.0.0.1:\(port)/none?connect_timeout=2")
        }
        XCTAssertEqual(error?.kind, .connection)
        XCTAssertFalse(error?.description.contains("secret") ?? true)
    }
}
