import Foundation
import Postgres
import Synchronization
import TesseraTestSupport
import XCTest

/// Raced requests against the harness's server (`RaceRequests`: N identical requests released
/// together, each on its own connection) and the one-outcome assertions on their answers.
///
/// With `behind:` the race runs while a transaction of the test's own holds a row lock the racers
/// need (SQL such as `SELECT 1 FROM t.products WHERE key = 'mug' FOR UPDATE`); it is released only
/// once `count` of the server's PostgreSQL sessions wait on a lock. Then every racer is provably
/// in the middle of its request at the same time on any machine, fast or slow: the race is
/// decided by the server's locking alone, never by scheduling luck.
extension Harness {
    /// How many identical requests a race fires unless told otherwise: more than the server's
    /// workers on a small machine, so some wait in line while others hold row locks.
    static let racers = 8
    /// Racers held behind a lock: each holds a server worker and a pooled connection while it
    /// waits, so fewer than either (the harness pool has 6).
    static let heldRacers = 4

    func race(
        _ count: Int = Harness.racers, _ method: String, _ path: String, headers: [String: String] = [:],
        body: Any? = nil,
        behind lock: String? = nil
    ) throws -> [RaceResponse] {
        var all = headers.map { (name: $0.key, value: $0.value) }
        var bytes: [UInt8] = []
        if let body {
            bytes = try (body as? Data).map { Array($0) } ?? Array(JSONSerialization.data(withJSONObject: body))
            all.append((name: "Content-Type", value: "application/json"))
        }
        return try race(
            Array(repeating: RaceRequest(method, path, headers: all, body: bytes), count: count), behind: lock)
    }

    /// Different requests at once (buyers and staff racing for one product, say), in order.
    /// `waiters`: how many sessions must wait on a lock before it is released (default: one per
    /// request; more when the requests make the server do more, such as Telegram's own updates).
    func race(_ requests: [RaceRequest], behind lock: String? = nil, waiters: Int? = nil) throws -> [RaceResponse] {
        let count = waiters ?? requests.count
        let port = server.boundPort
        guard let lock else { return try RaceRequests.fire(requests, port: port) }

        let gate = try PostgresConnection(configuration: configuration)
        try gate.execute("BEGIN")
        try gate.execute(SQL(unsafe: lock))
        let box = RaceResult()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { try RaceRequests.fire(requests, port: port) }
            box.result.withLock { $0 = result }
            finished.signal()
        }.start()
        let deadline = Date().addingTimeInterval(30)
        var waiting: Int64 = 0
        // Racers answered without waiting (an error before the lock, say) end the wait early.
        while waiting < count, Date() < deadline, box.result.withLock({ $0 == nil }) {
            Thread.sleep(forTimeInterval: 0.005)
            try gate.execute("SELECT pg_stat_clear_snapshot()")
            waiting = try gate.query(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """
            ).first!.decode(Int64.self, 0)
        }
        try gate.execute("COMMIT")
        finished.wait()
        let answers = try box.result.withLock { $0! }.get()
        guard waiting >= count else {
            throw RaceRequestError(
                description: "only \(waiting) of \(count) racers queued behind the lock; answers: \(outcomes(answers))")
        }
        return answers
    }

    /// N identical end-user requests (one Telegram user, `tma` initData) at once.
    func raceUser(
        _ count: Int = Harness.racers, _ method: String, _ path: String, slug: String, userID: Int64 = 424_242,
        body: Any? = nil,
        behind lock: String? = nil
    ) throws -> [RaceResponse] {
        try race(
            count, method, path,
            headers: ["Authorization": "tma " + Harness.initData(slug, user: Harness.user(id: userID))],
            body: body, behind: lock)
    }

    /// N identical staff requests (one staff token) at once.
    func raceAdmin(
        _ count: Int = Harness.racers, _ method: String, _ path: String, token: String, body: Any? = nil,
        behind lock: String? = nil
    ) throws -> [RaceResponse] {
        try race(count, method, path, headers: ["Authorization": "Bearer " + token], body: body, behind: lock)
    }
}

extension RaceRequest {
    /// An end-user request of Telegram user `userID` (signed initData for `slug`), JSON `body`.
    static func user(_ method: String, _ path: String, slug: String, userID: Int64, body: Any? = nil) throws
        -> RaceRequest
    {
        try json(
            method, path, authorization: "tma " + Harness.initData(slug, user: Harness.user(id: userID)), body: body)
    }

    /// A staff request with `token`, JSON `body`.
    static func staff(_ method: String, _ path: String, token: String, body: Any? = nil) throws -> RaceRequest {
        try json(method, path, authorization: "Bearer " + token, body: body)
    }

    static func json(_ method: String, _ path: String, authorization: String, body: Any?) throws -> RaceRequest {
        var headers = [(name: "Authorization", value: authorization)]
        var bytes: [UInt8] = []
        if let body {
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
            headers.append((name: "Content-Type", value: "application/json"))
        }
        return RaceRequest(method, path, headers: headers, body: bytes)
    }
}

/// Carries a race's answers from its thread back to the test.
private final class RaceResult: Sendable {
    let result = Mutex<Result<[RaceResponse], any Error>?>(nil)
}

/// How many answers had each outcome (`"201"`, `"409 cart_empty"`, …).
func outcomes(_ answers: [RaceResponse]) -> [String: Int] {
    answers.reduce(into: [:]) { $0[$1.outcome, default: 0] += 1 }
}

/// Asserts the one-outcome rule: exactly one answer is `winner`, every other one is `rest`.
func assertOneWinner(
    _ answers: [RaceResponse], _ winner: String, rest: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(
        outcomes(answers), [winner: 1, rest: answers.count - 1],
        answers.map { "\($0.status) \($0.text.prefix(300))" }.joined(separator: "\n"), file: file, line: line)
}

/// Asserts that every answer has the same outcome (an idempotent change answering alike).
func assertAllAlike(_ answers: [RaceResponse], _ outcome: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(
        outcomes(answers), [outcome: answers.count],
        answers.map { "\($0.status) \($0.text.prefix(300))" }.joined(separator: "\n"), file: file, line: line)
}
