import Foundation
import Kernel
import Postgres
import Synchronization
import TesseraJSON
import TesseraTestSupport
import XCTest

final class JobRunnerTests: XCTestCase {
    func test_runDue_runsEachDueJobOnceWithItsSchemaPayloadAndAttempt() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let log = HandlerLog()
        let runner = fixture.runner()
        runner.register("bot.reply") { job in
            log.record(job)
            return .done
        }
        let a = try fixture.enqueue("bot.reply", in: fixture.cafe, payload: ["n": 1], maxAttempts: 4, dedupeKey: "k1")
        try fixture.enqueue("bot.reply", in: fixture.shop, payload: ["n": 2])
        let summary = try runner.runDue()
        XCTAssertEqual(summary.done, 2)
        XCTAssertEqual(summary.ran, 2)
        XCTAssertEqual(Set(log.jobs.map(\.schema.raw)), ["t_cafe", "t_shop"])
        let cafeJob = try XCTUnwrap(log.jobs.first { $0.schema == fixture.cafe })
        XCTAssertEqual(cafeJob.id, a.id)
        XCTAssertEqual(cafeJob.payload, ["n": 1])
        XCTAssertEqual(cafeJob.attempt, 1)
        XCTAssertEqual(cafeJob.maxAttempts, 4)
        XCTAssertEqual(cafeJob.dedupeKey, "k1")
        let stored = try fixture.job(a.id)
        XCTAssertEqual(stored.state, .done)
        XCTAssertEqual(stored.attempts, 1)
        XCTAssertNotNil(stored.finishedAt)
        XCTAssertNil(stored.leasedBy)
        XCTAssertEqual(try runner.runDue().ran, 0)
        XCTAssertEqual(log.count, 2)
        XCTAssertEqual(runner.statistics.done, 2)
    }

    func test_runDue_leavesAJobWhoseRunAtIsInTheFutureUntilItIsDue() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        runner.register("reminder.send") { _ in .done }
        let later = try fixture.enqueue("reminder.send", runAt: Date(timeIntervalSinceNow: 3600))
        XCTAssertEqual(try runner.runDue().ran, 0)
        XCTAssertEqual(try fixture.job(later.id).state, .queued)
        try fixture.makeDue(later.id)
        XCTAssertEqual(try runner.runDue().done, 1)
        XCTAssertEqual(try fixture.job(later.id).state, .done)
    }

    func test_handlerThrows_retriesWithExponentialBackoffThatMovesRunAt() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        var settings = JobRunner.Settings()
        settings.backoff = JobBackoff(base: 100, cap: 250, jitter: 0)
        let runner = fixture.runner(settings: settings)
        runner.register("bot.reply") { _ in throw TestFailure(description: "Bot API: 502 Bad Gateway") }
        let id = try fixture.enqueue("bot.reply", maxAttempts: 5).id
        var delays: [Double] = []
        for attempt in 1...3 {
            XCTAssertEqual(try runner.runDue().retried, 1)
            let job = try fixture.job(id)
            XCTAssertEqual(job.state, .queued)
            XCTAssertEqual(job.attempts, attempt)
            XCTAssertEqual(job.lastError, "attempt \(attempt) of 5: Bot API: 502 Bad Gateway")
            delays.append(try fixture.secondsUntilRun(id))
            // Not due yet: the next runDue leaves it alone until "time passes".
            XCTAssertEqual(try runner.runDue().ran, 0)
            try fixture.makeDue(id)
        }
        // 100, 200, then the cap of 250 (less the few milliseconds since the attempt).
        for (delay, expected) in zip(delays, [100.0, 200, 250]) {
            XCTAssertTrue((expected - 5...expected).contains(delay), "delay \(delay), expected about \(expected)")
        }
    }

    func test_retryOutcome_waitsTheGivenTime() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in .retry(after: 30, reason: "429: retry after 30 s") }
        let id = try fixture.enqueue("bot.reply").id
        XCTAssertEqual(try runner.runDue().retried, 1)
        XCTAssertTrue((25...30).contains(try fixture.secondsUntilRun(id)))
        XCTAssertEqual(try fixture.job(id).lastError, "attempt 1 of 10: 429: retry after 30 s")
    }

    func test_maxAttempts_makeTheJobDeadWithItsLastError() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        let calls = HandlerLog()
        runner.register("bot.reply") { job in
            calls.record(job)
            throw TestFailure(description: "network unreachable (try \(job.attempt))")
        }
        let id = try fixture.enqueue("bot.reply", maxAttempts: 3).id
        XCTAssertEqual(try runner.runDue().retried, 1)
        try fixture.makeDue(id)
        XCTAssertEqual(try runner.runDue().retried, 1)
        try fixture.makeDue(id)
        let last = try runner.runDue()
        XCTAssertEqual(last.dead, 1)
        XCTAssertEqual(last.retried, 0)
        let job = try fixture.job(id)
        XCTAssertEqual(job.state, .dead)
        XCTAssertEqual(job.attempts, 3)
        XCTAssertEqual(job.lastError, "attempt 3 of 3: network unreachable (try 3)")
        XCTAssertNotNil(job.finishedAt)
        XCTAssertEqual(calls.jobs.map(\.attempt), [1, 2, 3])
        XCTAssertTrue(calls.jobs.last!.isLastAttempt)
        try fixture.makeDue(id)
        XCTAssertEqual(try runner.runDue().ran, 0)
    }

    func test_failOutcome_makesTheJobDeadAtOnce() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in .fail(reason: "403: the person blocked the bot") }
        let id = try fixture.enqueue("bot.reply").id
        XCTAssertEqual(try runner.runDue().dead, 1)
        let job = try fixture.job(id)
        XCTAssertEqual(job.state, .dead)
        XCTAssertEqual(job.lastError, "attempt 1 of 10 failed for good: 403: the person blocked the bot")
    }

    func test_jobOfAKindWithoutHandler_isDeadWithAClearError() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in .done }
        runner.register("staff.signin_link") { _ in .done }
        let id = try fixture.enqueue("mailing.send").id
        XCTAssertEqual(try runner.runDue().dead, 1)
        let job = try fixture.job(id)
        XCTAssertEqual(job.state, .dead)
        XCTAssertEqual(
            job.lastError,
            "attempt 1 of 10 failed for good: no handler for job kind \"mailing.send\" in this process (known kinds: bot.reply, staff.signin_link)"
        )
    }

    func test_lastError_redactsBotTokensAndNUL() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in
            throw TestFailure(
                description:
                    "POST https://api.telegram.org/bot123456789:FAKEtokenFORtestsONLYnotAREALbot00/sendMessage failed\u{0}"
            )
        }
        let id = try fixture.enqueue("bot.reply").id
        try runner.runDue()
        XCTAssertEqual(
            try fixture.job(id).lastError,
            "attempt 1 of 10: POST https://api.telegram.org/bot<redacted>/sendMessage failed\u{FFFD}")
    }

    /// Runner A's handler outlives its lease: meanwhile runner B (another process) takes the job
    /// again and finishes it; A's late result then changes nothing.
    func test_expiredLease_isTakenAgainByAnotherRunner_andTheLateResultIsIgnored() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let otherPool = fixture.secondPool()
        defer { otherPool.close() }
        let runnerB = fixture.runner(pool: otherPool)
        let attemptsSeenByB = HandlerLog()
        runnerB.register("bot.reply") { job in
            attemptsSeenByB.record(job)
            return .done
        }
        let runnerA = fixture.runner()
        let summaryB = Mutex<JobRunner.Summary?>(nil)
        runnerA.register("bot.reply") { job in
            // "Time passes" past the lease while A is stuck; then the other process runs.
            try fixture.pool.execute(
                "UPDATE \(ident: job.schema).jobs SET lease_until = now() - interval '1 second' WHERE id = \(job.id)")
            let summary = try runnerB.runDue()
            summaryB.withLock { $0 = summary }
            return .fail(reason: "too late")
        }
        let id = try fixture.enqueue("bot.reply").id
        let summaryA = try runnerA.runDue()
        XCTAssertEqual(summaryA.lost, 1)
        XCTAssertEqual(summaryA.dead, 0)
        XCTAssertEqual(summaryB.withLock { $0 }?.reaped, 1)
        XCTAssertEqual(summaryB.withLock { $0 }?.done, 1)
        XCTAssertEqual(runnerA.statistics.lost, 1)
        XCTAssertEqual(runnerB.statistics.reaped, 1)
        XCTAssertEqual(attemptsSeenByB.jobs.map(\.attempt), [2])
        let job = try fixture.job(id)
        XCTAssertEqual(job.state, .done)
        XCTAssertEqual(job.attempts, 2)
        XCTAssertTrue(
            job.lastError?.hasPrefix("attempt 1 of 10: the lease of runner \(runnerA.runnerID) expired") ?? false)
    }

    func test_expiredLeaseOnTheLastAttempt_makesTheJobDead() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        // A process that crashed mid-run: its job is running with a lease in the past.
        let id = try fixture.enqueue("bot.reply", maxAttempts: 1).id
        try fixture.pool.execute(
            """
            UPDATE t_cafe.jobs SET state = 'running', attempts = 1, leased_by = 'crashed:1:x',
                lease_until = now() - interval '1 second' WHERE id = \(id)
            """)
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in .done }
        let summary = try runner.runDue()
        XCTAssertEqual(summary.reaped, 1)
        XCTAssertEqual(summary.ran, 0)
        let job = try fixture.job(id)
        XCTAssertEqual(job.state, .dead)
        XCTAssertEqual(
            job.lastError,
            "attempt 1 of 1: the lease of runner crashed:1:x expired before it finished (crashed or stuck)")
    }

    /// Two "processes" (two pools, two runners, two threads each) race over 200 jobs in two
    /// schemas; each job runs exactly once (runs are recorded under a unique constraint).
    func test_twoRunnersRacing_runEveryJobExactlyOnce() throws {
        let fixture = try JobFixture(maxConnections: 6)
        defer { fixture.pool.close() }
        let otherPool = fixture.secondPool(maxConnections: 6)
        defer { otherPool.close() }
        try fixture.pool.execute(
            "CREATE TABLE public.job_runs (schema_name text, job_id bigint, runner text, UNIQUE (schema_name, job_id))")
        for i in 0..<200 {
            try fixture.enqueue(
                "bot.reply", in: i % 2 == 0 ? fixture.cafe : fixture.shop, payload: ["i": .int(Int64(i))])
        }
        let duplicates = Mutex(0)
        func makeRunner(_ pool: PostgresPool) -> JobRunner {
            let runner = fixture.runner(pool: pool)
            runner.register("bot.reply") { [runnerID = runner.runnerID] job in
                do {
                    try pool.execute(
                        "INSERT INTO public.job_runs VALUES (\(job.schema.raw), \(job.id), \(runnerID))")
                } catch let error as PostgresError where error.isUniqueViolation {
                    duplicates.withLock { $0 += 1 }
                }
                return .done
            }
            return runner
        }
        let runners = [makeRunner(fixture.pool), makeRunner(otherPool)]
        let summaries = Mutex<[JobRunner.Summary]>([])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            do {
                let summary = try runners[i % 2].runDue()
                summaries.withLock { $0.append(summary) }
            } catch {
                errors.withLock { $0.append(String(describing: error)) }
            }
        }
        XCTAssertEqual(errors.withLock { $0 }, [])
        XCTAssertEqual(duplicates.withLock { $0 }, 0)
        XCTAssertEqual(summaries.withLock { $0.reduce(0) { $0 + $1.done } }, 200)
        XCTAssertEqual(try fixture.pool.query("SELECT count(*) FROM public.job_runs").first!.decode(Int.self, 0), 200)
        for schema in fixture.schemas {
            let counts = try fixture.pool.withConnection { try JobStore(schema: schema).counts(on: $0) }
            XCTAssertEqual(counts[.done], 100)
            XCTAssertEqual(counts[.queued], 0)
            XCTAssertEqual(counts[.running], 0)
        }
    }
}
