import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Dialogs: the inbox of what participants write to the bot — one conversation per participant
/// (open / pending / closed, assignee, unread count, waiting since) — and staff replies, sent
/// through the Bot API by `dialogs.reply` jobs with their delivery state.
public struct DialogsArea: Area {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let registry: TenantRegistry
    let logger: Logger
    /// Long polls waiting right now (`updates`).
    let waiters: FeedWaiters
    /// Message files fetched from Telegram lately (`messageFile`).
    let fileCache = MessageFileCache()

    public init(_ context: AreaContext) {
        pool = context.pool
        botAPI = context.botAPI
        registry = context.registry
        logger = context.logger
        let waiters = FeedWaiters()
        self.waiters = waiters
        context.notifications.subscribe(Self.channel, onReconnect: { waiters.wakeAll() }) { waiters.wake($0) }
    }

    /// How many long polls wait right now (for tests and metrics).
    public var waitingPolls: Int { waiters.count }

    /// Stopping answers the waiting polls, so the server's shutdown does not wait for them.
    public func start() { waiters.resume() }
    public func stop() { waiters.stop() }

    public var name: String { "dialogs" }
    public var endpoints: [Endpoint] { updateEndpoints + inboxEndpoints + replyEndpoints + fileEndpoints + assigneeEndpoints }

    public func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        try ConversationStore(schema: tenant.schema).received(message, conn)
    }

    public func registerJobs(on runner: JobRunner) {
        let job = ReplyJob(pool: pool, botAPI: botAPI, registry: registry)
        runner.register(ReplyJob.kind) { try job.run($0) }
    }
}
