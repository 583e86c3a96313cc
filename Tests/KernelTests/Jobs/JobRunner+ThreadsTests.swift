import Foundation
import Kernel
import Postgres
import Synchronization
import TesseraJSON
import TesseraTestSupport
import XCTest

final class JobRunnerThreadsTests: XCTestCase {
    private func idleSettings() -> JobRunner.Settings {
        var settings = JobRunner.Settings()
        // An hour: within a test, only the first pass and notifications make the workers look.
        settings.pollInterval = 3600
        settings.concurrency = 2
        return settings
    }

    func test_start_runsTheJobsPresentAtStart() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let ids = try (0..<5).map { try fixture.enqueue("bot.reply", in: $0 % 2 == 0 ? fixture.cafe : fixture.shop).id }
        let runner = fixture.runner(settings: idleSettings())
        let log = HandlerLog()
        runner.register("bot.reply") { job in
            log.record(job)
            return .done
        }
        runner.start()
        defer { runner.stop() }
        XCTAssertTrue(waitUntil { log.count == 5 && runner.isIdle })
        XCTAssertEqual(Set(log.jobs.map(\.id)), Set(ids))
    }

    /// With the poll an hour away and the workers idle, only the NOTIFY of the enqueue can wake them.
    func test_start_wakesOnTheNotificationOfAnEnqueue() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner(settings: idleSettings())
        let log = HandlerLog()
        runner.register("bot.reply") { job in
            log.record(job)
            return .done
        }
        runner.start(listenOn: fixture.configuration)
        defer { runner.stop() }
        XCTAssertTrue(runner.notificationListener?.waitUntilListening(timeout: 30) ?? false)
        XCTAssertTrue(waitUntil { runner.isIdle })
        let id = try fixture.enqueue("bot.reply", in: fixture.shop).id
        XCTAssertTrue(waitUntil { log.count == 1 })
        XCTAssertEqual(log.jobs.first?.id, id)
        XCTAssertTrue(try waitUntil { try fixture.job(id, in: fixture.shop).state == .done })

        // A retry of a dead job notifies too.
        let dead = try fixture.enqueue("bot.reply", maxAttempts: 1).id
        XCTAssertTrue(waitUntil { log.count == 2 && runner.isIdle })
        try fixture.pool.execute(
            "UPDATE t_cafe.jobs SET state = 'dead', finished_at = now(), last_error = 'x' WHERE id = \(dead)")
        guard
            case .changed = try fixture.pool.withConnection({
                try JobStore(schema: fixture.cafe).retry(id: dead, on: $0)
            })
        else { return XCTFail("expected the dead job to be retried") }
        XCTAssertTrue(waitUntil { log.count == 3 })
    }

    /// A job due later is run by the worker's own timer, without a poll or a notification.
    func test_start_runsARetryWhenItBecomesDue() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner(settings: idleSettings())
        let log = HandlerLog()
        runner.register("bot.reply") { job in
            log.record(job)
            return job.attempt == 1 ? .retry(after: 0.2, reason: "busy") : .done
        }
        let id = try fixture.enqueue("bot.reply").id
        runner.start()
        defer { runner.stop() }
        XCTAssertTrue(try waitUntil { try fixture.job(id).state == .done })
        XCTAssertEqual(log.jobs.map(\.attempt), [1, 2])
    }

    func test_stop_waitsForTheJobInProgress() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner(settings: idleSettings())
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        runner.register("bot.reply") { _ in
            entered.signal()
            release.wait()
            return .done
        }
        let id = try fixture.enqueue("bot.reply").id
        runner.start()
        entered.wait()
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            runner.stop()
            stopped.signal()
        }.start()
        release.signal()
        stopped.wait()
        XCTAssertEqual(try fixture.job(id).state, .done)
    }
}
