import Kernel
import Postgres
import TesseraJSON

/// Enqueues the forum group's jobs in the caller's transaction, only while a working group is
/// linked: the Telegram side always happens in jobs, never in a webhook or a staff request.
struct ForumQueue {
    let schema: Identifier

    static let copy: JobKind = "dialogs.forum_copy"
    static let send: JobKind = "dialogs.forum_send"
    static let state: JobKind = "dialogs.forum_state"
    static let maxAttempts = 8

    var jobs: JobQueue { JobQueue(schema: schema) }

    /// A customer's message, or a staff reply Telegram has delivered: copy it into the topic.
    func mirror(message: Int64, _ conn: PostgresConnection) throws {
        guard try ForumStore(schema: schema).workingLink(conn) != nil else { return }
        try jobs.enqueue(
            Self.copy, payload: ["message": .int(message)], maxAttempts: Self.maxAttempts,
            dedupeKey: "forum_copy:\(message)", on: conn)
    }

    /// A staff member's message in the topic, stored `queued`: copy it to the customer.
    func deliver(message: Int64, _ conn: PostgresConnection) throws {
        try jobs.enqueue(
            Self.send, payload: ["message": .int(message)], maxAttempts: Self.maxAttempts,
            dedupeKey: "forum_send:\(message)", on: conn)
    }

    /// The office changed a conversation's state: close or reopen its topic to match. The job
    /// reads the state when it runs, so jobs of quick changes in a row cannot undo each other.
    func stateChanged(conversation: Int64, _ conn: PostgresConnection) throws {
        guard let link = try ForumStore(schema: schema).workingLink(conn),
            try !conn.query(
                """
                SELECT 1 FROM \(ident: schema).conversations
                WHERE id = \(conversation) AND forum_chat_id = \(link.chatID) AND forum_thread_id IS NOT NULL
                """
            ).isEmpty
        else { return }
        try jobs.enqueue(Self.state, payload: ["conversation": .int(conversation)], maxAttempts: Self.maxAttempts, on: conn)
    }
}
