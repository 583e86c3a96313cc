import Postgres
import XCTest

final class PostgresConfigurationTests: XCTestCase {
    func test_initURL_parsesEveryComponent() throws {
        let config = try PostgresConfiguration(
            url: "postgres://ann:s3cr%40t@db.example.com:6543/app?sslmode=require&application_name=tessera")
        XCTAssertEqual(config.user, "ann")
        XCTAssertEqual(config.parameters["password"], "s3cr@t")
        XCTAssertEqual(config.host, "db.example.com")
        XCTAssertEqual(config.port, 6543)
        XCTAssertEqual(config.database, "app")
        XCTAssertEqual(config.parameters["sslmode"], "require")
        XCTAssertEqual(config.parameters["application_name"], "tessera")
    }

    func test_initURL_acceptsPostgresqlSchemeAndConninfo() throws {
        let url = try PostgresConfiguration(url: "postgresql://bob@localhost/shop")
        XCTAssertEqual(url.user, "bob")
        XCTAssertEqual(url.database, "shop")
        XCTAssertNil(url.port)
        let conninfo = try PostgresConfiguration(
            url: "host=/var/run/postgresql port=5433 dbname='my db' user=carol password=pw")
        XCTAssertEqual(conninfo.host, "/var/run/postgresql")
        XCTAssertEqual(conninfo.port, 5433)
        XCTAssertEqual(conninfo.database, "my db")
        XCTAssertEqual(conninfo.user, "carol")
        XCTAssertTrue(conninfo.hasPassword)
    }

    func test_initURL_rejectsMalformedInputWithConfigurationError() {
        for bad in ["", "   ", "mysql://root@localhost/db", "not a conninfo", "postgres://u@h:notaport/db"] {
            XCTAssertThrowsError(try PostgresConfiguration(url: bad), bad) { error in
                XCTAssertEqual((error as? PostgresError)?.kind, .configuration, bad)
            }
        }
    }

    func test_description_redactsPassword() throws {
        let config = try PostgresConfiguration(url: "postgres://ann:hunter2@db:5432/app?sslpassword=keypass")
        XCTAssertFalse(config.description.contains("hunter2"))
        XCTAssertFalse(config.description.contains("keypass"))
        XCTAssertTrue(config.description.contains("ann:***@db:5432/app"), config.description)
        XCTAssertFalse("\(config)".contains("hunter2"))
    }

    func test_parseError_keepsInputOutOfDescription() {
        do {
            _ = try PostgresConfiguration(url: "postgres://ann:bad%zzpass@db/app")
            XCTFail("expected an error")
        } catch {
            XCTAssertFalse("\(error)".contains("zzpass"))
        }
    }

    func test_url_roundTripsThroughParsing() throws {
        let original = PostgresConfiguration(
            host: "127.0.0.1", port: 5544, user: "we ird", password: "p@ss:/word", database: "db-1",
            parameters: ["sslmode": "disable"])
        let reparsed = try PostgresConfiguration(url: original.url)
        XCTAssertEqual(reparsed, original)
    }

    func test_url_putsUnixSocketHostInQuery() throws {
        let config = try PostgresConfiguration(url: "host=/tmp/sock dbname=x user=u")
        XCTAssertEqual(try PostgresConfiguration(url: config.url).host, "/tmp/sock")
    }

    func test_withDatabase_changesOnlyTheDatabase() throws {
        let config = try PostgresConfiguration(url: "postgres://ann:pw@db:5432/app")
        let other = config.withDatabase("other")
        XCTAssertEqual(other.database, "other")
        XCTAssertEqual(other.user, "ann")
        XCTAssertEqual(other.port, 5432)
    }
}
