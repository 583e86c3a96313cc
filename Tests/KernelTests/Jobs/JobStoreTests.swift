import Foundation
import Kernel
import Postgres
import TesseraJSON
import TesseraTestSupport
import XCTest

final class JobStoreTests: XCTestCase {
    func test_list_pagesNewestFirstByStateAndKind() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let store = JobStore(schema: fixture.cafe)
        var replies: [Int64] = []
        for i in 0..<7 {
            replies.append(try fixture.enqueue("bot.reply", payload: ["i": .int(Int64(i))]).id)
            try fixture.enqueue("staff.signin_link")
        }
        let first = try fixture.pool.withConnection { try store.list(kind: "bot.reply", limit: 3, on: $0) }
        XCTAssertEqual(first.jobs.map(\.id), Array(replies.reversed()[0..<3]))
        let second = try fixture.pool.withConnection {
            try store.list(kind: "bot.reply", before: first.nextCursor, limit: 3, on: $0)
        }
        XCTAssertEqual(second.jobs.map(\.id), Array(replies.reversed()[3..<6]))
        let last = try fixture.pool.withConnection {
            try store.list(kind: "bot.reply", before: second.nextCursor, limit: 3, on: $0)
        }
        XCTAssertEqual(last.jobs.map(\.id), [replies[0]])
        XCTAssertNil(last.nextCursor)

        let runner = fixture.runner()
        runner.register("staff.signin_link") { _ in .done }
        try runner.runDue()
        let dead = try fixture.pool.withConnection { try store.list(state: .dead, on: $0) }
        XCTAssertEqual(dead.jobs.count, 7)
        XCTAssertTrue(dead.jobs.allSatisfy { $0.kind == "bot.reply" && $0.lastError?.contains("no handler") == true })
        XCTAssertEqual(
            try fixture.pool.withConnection { try store.list(state: .done, kind: "bot.reply", on: $0) }.jobs, [])
        XCTAssertEqual(
            try fixture.pool.withConnection { try store.counts(on: $0) },
            [.queued: 0, .running: 0, .done: 7, .dead: 7, .cancelled: 0])
        XCTAssertThrowsError(try fixture.pool.withConnection { try store.list(limit: 0, on: $0) }) { error in
            XCTAssertEqual(error as? JobError, .invalidLimit(0))
        }
    }

    func test_retry_givesADeadJobNewAttempts() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let store = JobStore(schema: fixture.cafe)
        let runner = fixture.runner()
        let failing = HandlerLog()
        runner.register("bot.reply") { job in
            failing.record(job)
            return failing.count == 1 ? .fail(reason: "chat not found") : .done
        }
        let id = try fixture.enqueue("bot.reply", maxAttempts: 2).id
        XCTAssertEqual(try runner.runDue().dead, 1)

        guard case .changed(let retried) = try fixture.pool.withConnection({ try store.retry(id: id, on: $0) }) else {
            return XCTFail("expected the dead job to be retried")
        }
        XCTAssertEqual(retried.state, .queued)
        XCTAssertEqual(retried.attempts, 0)
        XCTAssertNil(retried.finishedAt)
        XCTAssertEqual(retried.lastError, "attempt 1 of 2 failed for good: chat not found")
        XCTAssertEqual(try runner.runDue().done, 1)
        XCTAssertEqual(failing.jobs.map(\.attempt), [1, 1])
        XCTAssertEqual(try fixture.job(id).state, .done)

        XCTAssertEqual(try fixture.pool.withConnection { try store.retry(id: id, on: $0) }, .wrongState(.done))
        XCTAssertEqual(try fixture.pool.withConnection { try store.retry(id: 999_999, on: $0) }, .notFound)
        // Ids are per schema: the same id in another tenant's schema is not found there.
        XCTAssertEqual(
            try fixture.pool.withConnection { try JobStore(schema: fixture.shop).retry(id: id, on: $0) }, .notFound)
    }

    func test_cancel_withdrawsAQueuedJobOnly() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let store = JobStore(schema: fixture.cafe)
        let runner = fixture.runner()
        let log = HandlerLog()
        runner.register("bot.reply") { job in
            log.record(job)
            return .done
        }
        let id = try fixture.enqueue("bot.reply", runAt: Date(timeIntervalSinceNow: 600), dedupeKey: "reminder:1").id
        guard case .changed(let cancelled) = try fixture.pool.withConnection({ try store.cancel(id: id, on: $0) })
        else {
            return XCTFail("expected the queued job to be cancelled")
        }
        XCTAssertEqual(cancelled.state, .cancelled)
        XCTAssertNotNil(cancelled.finishedAt)
        try fixture.makeDue(id)
        XCTAssertEqual(try runner.runDue().ran, 0)
        XCTAssertEqual(log.count, 0)
        XCTAssertEqual(try fixture.pool.withConnection { try store.cancel(id: id, on: $0) }, .wrongState(.cancelled))
        // The cancelled job still holds its dedupe key.
        XCTAssertEqual(try fixture.enqueue("bot.reply", dedupeKey: "reminder:1"), .duplicate(id: id))
    }

    func test_prune_deletesOldFinishedJobsOnly() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let store = JobStore(schema: fixture.cafe)
        let runner = fixture.runner()
        runner.register("bot.reply") { job in job.payload["ok"]?.boolValue == true ? .done : .fail(reason: "no") }
        let oldDone = try fixture.enqueue("bot.reply", payload: ["ok": true], dedupeKey: "a").id
        let newDone = try fixture.enqueue("bot.reply", payload: ["ok": true]).id
        let oldDead = try fixture.enqueue("bot.reply", payload: ["ok": false]).id
        let veryOldDead = try fixture.enqueue("bot.reply", payload: ["ok": false]).id
        try runner.runDue()
        let queued = try fixture.enqueue("bot.reply", runAt: Date(timeIntervalSinceNow: 3600)).id
        try fixture.pool.execute(
            "UPDATE t_cafe.jobs SET finished_at = now() - interval '2 days' WHERE id IN (\(oldDone), \(oldDead))")
        try fixture.pool.execute(
            "UPDATE t_cafe.jobs SET finished_at = now() - interval '40 days' WHERE id = \(veryOldDead)")
        let pruned = try fixture.pool.withConnection {
            try store.prune(doneOlderThan: 86_400, deadOlderThan: 30 * 86_400, on: $0)
        }
        XCTAssertEqual(pruned, 2)
        let left = try fixture.pool.withConnection { try store.list(on: $0) }.jobs.map(\.id)
        XCTAssertEqual(Set(left), [newDone, oldDead, queued])
        // The pruned job's dedupe key is free again.
        guard case .enqueued = try fixture.enqueue("bot.reply", dedupeKey: "a") else {
            return XCTFail("expected a new job")
        }
    }
}
