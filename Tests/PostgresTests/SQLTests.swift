import Foundation
import Postgres
import XCTest

final class SQLTests: XCTestCase {
    func test_interpolation_turnsValuesIntoNumberedParameters() {
        let name = "x'; DROP TABLE t; --"
        let sql: SQL = "SELECT * FROM t WHERE name = \(name) AND age > \(30) AND ok = \(true)"
        XCTAssertEqual(sql.text, "SELECT * FROM t WHERE name = $1 AND age > $2 AND ok = $3")
        XCTAssertEqual(sql.binds, [.text(name), .int(30), .bool(true)])
    }

    func test_interpolation_encodesEverySupportedType() {
        let date = Date(timeIntervalSince1970: 0.25)
        let none: Int? = nil
        let some: Int32? = 5
        let sql: SQL =
            "\(Int64(1)) \(Int32(2)) \(1.5) \([UInt8]([1, 255])) \(date) \(none) \(some) \(PostgresValue.null)"
        XCTAssertEqual(
            sql.binds,
            [
                .int(1), .int(2), .double(1.5), .bytes([1, 255]), .text("1970-01-01T00:00:00.250000Z"), .null, .int(5),
                .null,
            ])
        XCTAssertEqual(sql.text, "$1 $2 $3 $4 $5 $6 $7 $8")
    }

    func test_identAndUnsafeRaw_insertText() throws {
        let schema = try Identifier("tenant_a")
        let sql: SQL = "SELECT \(unsafeRaw: "count(*)") FROM \(ident: schema).posts WHERE id = \(7)"
        XCTAssertEqual(sql.text, #"SELECT count(*) FROM "tenant_a".posts WHERE id = $1"#)
        XCTAssertEqual(sql.binds, [.int(7)])
    }

    func test_fragments_renumberParametersWhenCombined() {
        let a: SQL = "a = \(1)"
        let b: SQL = "b = \(2)"
        let joined = SQL.join([a, b], separator: " AND ")
        let full: SQL = "SELECT 1 WHERE \(fragment: joined) AND c = \(3)"
        XCTAssertEqual(full.text, "SELECT 1 WHERE a = $1 AND b = $2 AND c = $3")
        XCTAssertEqual(full.binds, [.int(1), .int(2), .int(3)])
        XCTAssertEqual((a + " OR " + b).text, "a = $1 OR b = $2")
    }

    func test_unsafe_keepsTextWithoutParameters() {
        let sql = SQL(unsafe: "SELECT 1")
        XCTAssertEqual(sql.text, "SELECT 1")
        XCTAssertTrue(sql.binds.isEmpty)
    }

    func test_description_hidesParameterValues() {
        let sql: SQL = "SELECT \("secret-token")"
        XCTAssertFalse(sql.description.contains("secret-token"))
    }
}
