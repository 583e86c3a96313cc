import Foundation
import Postgres
import TesseraJSON

/// A leased job as its handler sees it.
public struct Job: Sendable {
    public let id: Int64
    public let kind: JobKind
    /// The tenant schema the job belongs to (where its handler reads and writes).
    public let schema: Identifier
    public let payload: JSONValue
    /// This attempt, from 1; `attempt == maxAttempts` is the last one.
    public let attempt: Int
    public let maxAttempts: Int
    public let dedupeKey: String?
    public let createdAt: Date

    public var isLastAttempt: Bool { attempt >= maxAttempts }
}

/// What a handler decided about its job.
public enum JobOutcome: Sendable, Equatable {
    /// Finished: the job becomes `done`.
    case done
    /// Try again no earlier than `after` seconds from now (e.g. Telegram's `retry_after`); counts as
    /// an attempt, so the job goes `dead` when it was the last one. `reason` becomes `last_error`.
    case retry(after: Double, reason: String)
    /// A permanent failure (the person blocked the bot, the subject is gone): `dead` at once.
    case fail(reason: String)
}

/// Runs the jobs of one kind. A handler is called on one of the runner's own threads and may block
/// (libpq, the Bot API); it runs outside any transaction, so whatever it writes it commits itself.
/// Throwing means "retry with exponential back-off"; the error's description becomes `last_error`,
/// so it must hold no secret (tokens, payment credentials).
public protocol JobHandler: Sendable {
    func run(_ job: Job) throws -> JobOutcome
}

/// A handler made of a closure.
public struct ClosureJobHandler: JobHandler {
    let body: @Sendable (Job) throws -> JobOutcome

    public init(_ body: @escaping @Sendable (Job) throws -> JobOutcome) {
        self.body = body
    }

    public func run(_ job: Job) throws -> JobOutcome { try body(job) }
}
