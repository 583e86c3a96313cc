import Foundation
import Postgres
import XCTest

@testable import Kernel

/// A worker that runs a job lets an idle sibling look at the schema too; the job's lease the
/// sibling finds there is its own runner's and must not keep the schema due until the lease ends
/// (which made `isIdle` false for the lease's 300 s and `JobRunnerThreadsTests` flaky).
final class JobRunnerSiblingLeaseTests: XCTestCase {
    func test_theLeaseOfASiblingWorker_doesNotKeepTheSchemaDue() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        var settings = JobRunner.Settings()
        settings.pollInterval = 3600
        settings.concurrency = 2
        let runner = fixture.runner(settings: settings)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        runner.register("bot.reply") { _ in
            entered.signal()
            release.wait()
            return .done
        }
        runner.start()
        defer {
            release.signal()
            runner.stop()
        }
        XCTAssertTrue(waitUntil { runner.isIdle })
        let id = try fixture.enqueue("bot.reply").id
        runner.wake(schemaNamed: fixture.cafe.raw)
        XCTAssertEqual(entered.wait(timeout: .now() + 60), .success)
        // The worker in the handler made the schema due at once for its sibling: wait for that
        // sibling's pass to be over (one pass running, the schema no longer due now).
        XCTAssertTrue(
            waitUntil {
                let workload = runner.workload
                return workload.passes == 1 && (workload.dueIn[fixture.cafe] ?? 1) > 0
            })
        XCTAssertEqual(runner.workload.dueIn, [:])
        release.signal()
        XCTAssertTrue(try waitUntil { try fixture.job(id).state == .done && runner.isIdle })
    }

    func test_secondsUntilNextEvent_countsTheLeasesOfOtherRunnersOnly() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let table = JobTable(schema: fixture.cafe)
        try fixture.enqueue("bot.reply")
        XCTAssertNotNil(
            try fixture.pool.withConnection { try table.leaseNext(runner: "me", lease: 300, cutoff: nil, $0) })
        XCTAssertNil(try fixture.pool.withConnection { try table.secondsUntilNextEvent(excludingLeasesOf: "me", $0) })
        let seconds = try fixture.pool.withConnection {
            try table.secondsUntilNextEvent(excludingLeasesOf: "other", $0)
        }
        XCTAssertTrue((250...300).contains(seconds ?? 0), "\(String(describing: seconds))")
    }
}
