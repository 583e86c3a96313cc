import Foundation
import Postgres
import TesseraTestSupport
import XCTest

final class MigrationTests: XCTestCase {
    func test_loadDirectory_readsSqlFilesSortedByVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("0002_add_index.sql", "CREATE INDEX ON {{schema}}.posts (title);")
        try dir.write("0001_create_posts.sql", "CREATE TABLE {{schema}}.posts (title text);")
        try dir.write("0010_later.sql", "SELECT 1;")
        try dir.write("README.md", "not a migration")
        let migrations = try Migration.loadDirectory(dir.url)
        XCTAssertEqual(migrations.map(\.version), [1, 2, 10])
        XCTAssertEqual(migrations.map(\.name), ["create_posts", "add_index", "later"])
        XCTAssertEqual(migrations[0].sql, "CREATE TABLE {{schema}}.posts (title text);")
    }

    func test_loadDirectory_checksumIsSHA256OfFileBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("0001_abc.sql", "abc")
        XCTAssertEqual(
            try Migration.loadDirectory(dir.url).first?.checksum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            Migration(version: 1, name: "abc", sql: "abc").checksum, try Migration.loadDirectory(dir.url)[0].checksum)
    }

    func test_loadDirectory_rejectsDuplicateVersions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("0001_a.sql", "SELECT 1;")
        try dir.write("001_b.sql", "SELECT 2;")
        XCTAssertThrowsError(try Migration.loadDirectory(dir.url)) { error in
            XCTAssertEqual(error as? MigrationError, .duplicateVersion(1, names: ["a", "b"]))
        }
    }

    func test_loadDirectory_rejectsBadlyNamedSqlFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("create_posts.sql", "SELECT 1;")
        XCTAssertThrowsError(try Migration.loadDirectory(dir.url)) { error in
            XCTAssertEqual(error as? MigrationError, .invalidFileName("create_posts.sql"))
        }
    }

    func test_loadDirectory_missingDirectoryIsAnError() {
        XCTAssertThrowsError(try Migration.loadDirectory(URL(fileURLWithPath: "/nonexistent/migrations"))) { error in
            guard case .unreadable = error as? MigrationError else { return XCTFail("\(error)") }
        }
    }

    func test_sqlForSchema_replacesEveryPlaceholder() throws {
        let migration = Migration(
            version: 1, name: "x", sql: "CREATE TABLE {{schema}}.a (); CREATE TABLE {{schema}}.b ();")
        XCTAssertEqual(
            migration.sql(for: try Identifier("tenant_x")),
            #"CREATE TABLE "tenant_x".a (); CREATE TABLE "tenant_x".b ();"#)
    }
}
