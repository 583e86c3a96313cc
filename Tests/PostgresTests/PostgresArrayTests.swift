import Postgres
import TesseraTestSupport
import XCTest

final class PostgresArrayTests: XCTestCase {
    func test_literal_quotesAndEscapes() {
        XCTAssertEqual(PostgresArray(["a", nil, "x\"y\\z", ""]).literal, #"{"a",NULL,"x\"y\\z",""}"#)
        XCTAssertEqual(PostgresArray([1, -2, 3] as [Int64]).literal, "{1,-2,3}")
        XCTAssertEqual(PostgresArray([] as [Int64]).literal, "{}")
    }

    func test_unnest_roundTripsHostileStringsThroughTheServer() throws {
        let url = try TestDatabase.shared.createDatabase(prefix: "pgarray")
        let connection = try PostgresConnection(url: url)
        let values: [String?] = ["plain", "com,ma", "{brace}", "quote\"d", "back\\slash", "NULL", nil, "юникод 🎉", " spaced "]
        let result = try connection.query(
            "SELECT v FROM unnest(\(PostgresArray(values))::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n")
        XCTAssertEqual(try result.map { try $0.decode(String?.self, 0) }, values)
    }
}
