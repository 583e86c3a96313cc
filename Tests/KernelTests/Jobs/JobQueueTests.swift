import Foundation
import Kernel
import Postgres
import Synchronization
import TesseraJSON
import TesseraTestSupport
import XCTest

final class JobQueueTests: XCTestCase {
    func test_enqueue_storesAQueuedJobDueNow() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let result = try fixture.enqueue("bot.reply", payload: ["chat": 42, "text": "привет"], maxAttempts: 3)
        guard case .enqueued(let id) = result else { return XCTFail("expected a new job, got \(result)") }
        let job = try fixture.job(id)
        XCTAssertEqual(job.kind, "bot.reply")
        XCTAssertEqual(job.state, .queued)
        XCTAssertEqual(job.payload, ["chat": 42, "text": "привет"])
        XCTAssertEqual(job.attempts, 0)
        XCTAssertEqual(job.maxAttempts, 3)
        XCTAssertNil(job.leaseUntil)
        XCTAssertNil(job.finishedAt)
        XCTAssertLessThanOrEqual(try fixture.secondsUntilRun(id), 0)
    }

    func test_enqueue_rolledBackWithItsTransaction_leavesNoJob() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        XCTAssertThrowsError(
            try fixture.pool.transaction { conn in
                try JobQueue(schema: fixture.cafe).enqueue("bot.reply", dedupeKey: "update:1", on: conn)
                XCTAssertEqual(try conn.query("SELECT count(*) FROM t_cafe.jobs").first!.decode(Int.self, 0), 1)
                throw TestFailure(description: "the business write failed")
            })
        XCTAssertEqual(try fixture.count(), 0)
        // The dedupe key was not taken by the rolled-back job.
        guard case .enqueued = try fixture.enqueue("bot.reply", dedupeKey: "update:1") else {
            return XCTFail("expected a new job")
        }
    }

    func test_enqueue_sameDedupeKey_isANoOpInAnyState() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let first = try fixture.enqueue("bot.reply", payload: ["n": 1], dedupeKey: "update:7")
        XCTAssertEqual(
            try fixture.enqueue("bot.reply", payload: ["n": 2], dedupeKey: "update:7"), .duplicate(id: first.id))
        XCTAssertEqual(try fixture.count(), 1)
        XCTAssertEqual(try fixture.job(first.id).payload, ["n": 1])

        // Still a duplicate after the job ran: a redelivered cause must not do the work twice.
        let runner = fixture.runner()
        runner.register("bot.reply") { _ in .done }
        XCTAssertEqual(try runner.runDue().done, 1)
        XCTAssertEqual(try fixture.enqueue("bot.reply", dedupeKey: "update:7"), .duplicate(id: first.id))

        // Keys are per kind and per schema.
        guard case .enqueued = try fixture.enqueue("staff.signin_link", dedupeKey: "update:7"),
            case .enqueued = try fixture.enqueue("bot.reply", in: fixture.shop, dedupeKey: "update:7")
        else { return XCTFail("expected new jobs") }
        XCTAssertEqual(try fixture.count(), 2)
    }

    func test_enqueue_sameDedupeKeyFromConcurrentTransactions_storesOneJob() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let holder = try PostgresConnection(configuration: fixture.configuration)
        try holder.simpleQuery("BEGIN")
        let held = try JobQueue(schema: fixture.cafe).enqueue("bot.reply", dedupeKey: "update:9", on: holder)
        let second = DispatchQueue(label: "second-enqueue")
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<JobQueue.Enqueued, any Error>?>(nil)
        second.async {
            let result = Result { try fixture.enqueue("bot.reply", dedupeKey: "update:9") }
            outcome.withLock { $0 = result }
            done.signal()
        }
        // The second insert waits for the first transaction's key.
        XCTAssertTrue(
            try waitUntil {
                try fixture.pool.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).first!.decode(Int.self, 0) == 1
            })
        try holder.simpleQuery("COMMIT")
        done.wait()
        XCTAssertEqual(try outcome.withLock { $0 }?.get(), .duplicate(id: held.id))
        XCTAssertEqual(try fixture.count(), 1)
    }

    func test_enqueue_badInput_throwsANamedErrorAndLeavesTheTransactionUsable() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let queue = JobQueue(schema: fixture.cafe)
        try fixture.pool.transaction { conn in
            let cases: [(JSONValue, Int, String?, JobError)] = [
                ([1, 2], 10, nil, .invalidPayload("must be a JSON object, not array")),
                (["a": ["b": "x\u{0}y"]], 10, nil, .invalidPayload("text at /a/b contains U+0000")),
                (
                    ["t": .string(String(repeating: "x", count: 70_000))], 10, nil,
                    .invalidPayload("70008 bytes of JSON, more than 65536")
                ),
                ([:], 0, nil, .invalidMaxAttempts(0)),
                ([:], 1001, nil, .invalidMaxAttempts(1001)),
                ([:], 10, "", .invalidDedupeKey("")),
                ([:], 10, String(repeating: "k", count: 201), .invalidDedupeKey(String(repeating: "k", count: 201))),
            ]
            for (payload, maxAttempts, key, expected) in cases {
                XCTAssertThrowsError(
                    try queue.enqueue("bot.reply", payload: payload, maxAttempts: maxAttempts, dedupeKey: key, on: conn)
                ) { error in
                    XCTAssertEqual(error as? JobError, expected)
                }
            }
            try queue.enqueue("bot.reply", on: conn)
        }
        XCTAssertEqual(try fixture.count(), 1)
        XCTAssertEqual(
            JobError.invalidPayload("text at /a/b contains U+0000").description,
            "invalid job payload: text at /a/b contains U+0000")
    }

    func test_jobKind_acceptsDottedLowercaseNamesOnly() {
        for good in ["bot.reply", "mailing.send_2", "a"] {
            XCTAssertEqual(try JobKind(good).rawValue, good)
        }
        for bad in ["", "Bot.reply", "1bot", "bot reply", "bot-reply", String(repeating: "a", count: 64)] {
            XCTAssertThrowsError(try JobKind(bad)) { error in
                XCTAssertEqual(error as? JobError, .invalidKind(bad))
            }
        }
    }

    func test_enqueue_notifiesTheSchemaOnCommit() throws {
        let fixture = try JobFixture()
        defer { fixture.pool.close() }
        let heard = HeardSchemas()
        let listener = PostgresListener(
            configuration: fixture.configuration, channels: [JobQueue.channel],
            onNotification: { _, payload in heard.add(payload) })
        listener.start()
        defer { listener.stop() }
        XCTAssertTrue(listener.waitUntilListening(timeout: 30))
        // A rolled-back enqueue says nothing; the committed one after it is the first notification.
        try? fixture.pool.transaction { conn in
            try JobQueue(schema: fixture.shop).enqueue("bot.reply", on: conn)
            throw TestFailure(description: "rollback")
        }
        try fixture.enqueue("bot.reply", in: fixture.cafe)
        XCTAssertTrue(waitUntil { !heard.all.isEmpty })
        XCTAssertEqual(heard.all.first, "t_cafe")
    }
}

final class HeardSchemas: Sendable {
    private let names = Mutex<[String]>([])
    func add(_ name: String) { names.withLock { $0.append(name) } }
    var all: [String] { names.withLock { $0 } }
}
