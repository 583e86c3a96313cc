import Foundation
import Postgres
import Staff
import XCTest

final class SignInFailureStoreTests: XCTestCase {
    func test_recordAndRecent_areSharedThroughTheDatabaseAndPruned() throws {
        let fixture = try StaffFixture()
        defer { fixture.close() }
        let store = SignInFailureStore()
        let rule = SignInRateLimit(limit: 3, window: 600)
        let now = StaffFixture.now
        try fixture.pool.withConnection { conn in
            for seconds in [900.0, 300, 200, 100, 50] {
                try store.record(["account:a@example.com"], window: 600, now: now.addingTimeInterval(-seconds), conn)
            }
            try store.record(["address:192.0.2.1"], window: 600, now: now, conn)
            // Newest first, at most `limit`, only within the window.
            XCTAssertEqual(
                try store.recent("account:a@example.com", rule: rule, now: now, conn),
                [now.addingTimeInterval(-50), now.addingTimeInterval(-100), now.addingTimeInterval(-200)])
            XCTAssertEqual(
                rule.decide(failures: try store.recent("account:a@example.com", rule: rule, now: now, conn), now: now),
                .retryAfter(seconds: 400))
            // Recording dropped the key's failure from 900 s before (older than the window then).
            XCTAssertEqual(
                try conn.query(
                    "SELECT count(*) FROM platform.staff_sign_in_failures WHERE key = 'account:a@example.com'"
                ).first!.decode(Int64.self, 0), 4)
            try store.clear("account:a@example.com", conn)
            XCTAssertEqual(try store.recent("account:a@example.com", rule: rule, now: now, conn), [])
            XCTAssertEqual(try store.recent("address:192.0.2.1", rule: rule, now: now, conn).count, 1)
            XCTAssertEqual(try store.prune(before: now.addingTimeInterval(1), conn), 1)
        }
    }
}
