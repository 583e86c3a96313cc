import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Dialogs: the inbox of what participants write to the bot — one conversation per participant
/// (open / pending / closed, assignee, unread count, waiting since) — and staff replies, sent
/// through the Bot API by `dialogs.reply` jobs with their delivery state — and the staff forum
/// group, where each conversation has a topic kept in step both ways (`Forum/`).
public struct DialogsArea: Area {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let registry: TenantRegistry
    let logger: Logger
    /// How the forum group finds staff by their Telegram account (the Staff area's directory).
    let hooks: AreaHooks
    /// Long polls waiting right now (`updates`).
    let waiters: FeedWaiters
    /// Message files fetched from Telegram lately (`messageFile`).
    let fileCache = MessageFileCache()

    public init(_ context: AreaContext) {
        pool = context.pool
        botAPI = context.botAPI
        registry = context.registry
        logger = context.logger
        hooks = context.hooks
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
    public var endpoints: [Endpoint] {
        updateEndpoints + inboxEndpoints + replyEndpoints + forumEndpoints + fileEndpoints + assigneeEndpoints
    }

    public func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        try ConversationStore(schema: tenant.schema).received(message, conn)
        try ForumQueue(schema: tenant.schema).mirror(message: message.id, conn)
    }

    public func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        try ForumIntake(schema: tenant.schema, staff: hooks.staffByTelegram).received(message, tenant: tenant, conn)
    }

    public func registerJobs(on runner: JobRunner) {
        let job = ReplyJob(pool: pool, botAPI: botAPI, registry: registry)
        runner.register(ReplyJob.kind) { try job.run($0) }
        ForumJobs(pool: pool, botAPI: botAPI, registry: registry, hooks: hooks).register(on: runner)
    }
}
