import Foundation
import Postgres
import Staff
import TesseraJSON
import TesseraTestSupport
import XCTest

final class AuditLogTests: XCTestCase {
    static let migrations = StaffFixture.repoRoot.appendingPathComponent("Migrations/tenant")
    let schema = try! Identifier("t_audit_test")
    var pool: PostgresPool!

    override func setUpWithError() throws {
        pool = PostgresPool(
            configuration: try PostgresConfiguration(url: TestDatabase.shared.createDatabase(prefix: "audit")),
            maxConnections: 2)
        try pool.transaction { conn in
            _ = try Migrator.migrate(conn, schema: schema, migrations: try Migration.loadDirectory(Self.migrations))
        }
    }

    override func tearDown() { pool?.close() }

    func test_append_andRead_newestFirst_withFilters() throws {
        let log = AuditLog(schema: schema)
        let at = StaffFixture.now
        try pool.withConnection { conn in
            let first = try log.append(
                .init(
                    actor: AuditActor(.person(7), role: "manager"), action: "news.publish", recordType: "news_post",
                    recordID: "12",
                    before: ["status": "draft", "title": "Привет"], after: ["status": "published", "title": "Привет"],
                    address: "192.0.2.1"),
                at: at, conn)
            XCTAssertEqual(first.before, ["status": "draft", "title": "Привет"])
            XCTAssertEqual(first.at, at)
            try log.append(
                .init(
                    actor: AuditActor(.token(3), role: "owner"), action: "shop.product_create", recordType: "product",
                    recordID: "5", after: ["price": 100]), conn)
            try log.append(
                .init(
                    actor: AuditActor(.person(7), role: "manager"), action: "news.delete", recordType: "news_post",
                    recordID: "12", before: ["status": "published"]), conn)

            let all = try log.entries(.init(), conn)
            XCTAssertEqual(all.map(\.action), ["news.delete", "shop.product_create", "news.publish"])
            XCTAssertEqual(all[1].actor, AuditActor(.token(3), role: "owner"))
            XCTAssertNil(all[1].before)
            XCTAssertNil(all[0].after)
            XCTAssertEqual(try log.entries(.init(recordType: "news_post", recordID: "12"), conn).count, 2)
            XCTAssertEqual(try log.entries(.init(personID: 7, limit: 1), conn).map(\.action), ["news.delete"])
            XCTAssertEqual(try log.entries(.init(beforeID: all[1].id), conn).map(\.action), ["news.publish"])
            XCTAssertEqual(all[2].address, "192.0.2.1")
        }
    }

    func test_log_isAppendOnly_updateDeleteAndTruncateRaise() throws {
        let log = AuditLog(schema: schema)
        try pool.withConnection { conn in
            try log.append(
                .init(
                    actor: AuditActor(.person(1), role: "owner"), action: "staff.invite", recordType: "staff_link",
                    recordID: "1"), conn)
            for statement in [
                "UPDATE t_audit_test.audit_log SET action = 'x.y'", "DELETE FROM t_audit_test.audit_log",
                "TRUNCATE t_audit_test.audit_log",
            ] {
                XCTAssertThrowsError(try conn.execute(SQL(unsafe: statement)), statement) { error in
                    XCTAssertEqual((error as? PostgresError)?.sqlState, "42501", statement)
                    XCTAssertTrue((error as? PostgresError)?.message.contains("append-only") ?? false, "\(error)")
                }
            }
            XCTAssertEqual(try log.entries(.init(), conn).map(\.action), ["staff.invite"])
        }
    }

    func test_append_refusesAnEntryWithoutExactlyOneActorOrWithABadAction() throws {
        try pool.withConnection { conn in
            XCTAssertThrowsError(
                try conn.execute(
                    "INSERT INTO t_audit_test.audit_log (role, action, record_type) VALUES ('owner', 'a.b', 'x')"))
            XCTAssertThrowsError(
                try AuditLog(schema: schema).append(
                    .init(
                        actor: AuditActor(.person(1), role: "owner"), action: "Bad Action", recordType: "x",
                        recordID: "1"), conn))
        }
    }
}
