import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// Takes in a tenant's webhook updates durably and acts on them exactly once.
///
/// `receive` is the acknowledgement: it commits the update to the tenant's `updates` table
/// (a known `update_id` is ignored). `process` then claims the row (`FOR UPDATE SKIP LOCKED`), does
/// the work and marks it processed in the same transaction, so a crash or a failure leaves the
/// update pending for its `bot.update` job (`UpdateJobs`), and a duplicate is never acted on twice.
public final class UpdateProcessor: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// This call did the work.
        case processed
        /// Nothing to do: processed before, or another worker holds it right now.
        case skipped
        /// The work failed and was rolled back; the update stays pending.
        case failed(String)
    }

    public let pool: PostgresPool
    public let client: BotAPIClient
    public let payments: any PaymentHandling
    /// Told of every participant's message stored for the inbox (the areas, through `AreaHooks`).
    let messages: (any MessageReceiving)?
    /// Offered every `/start <payload>` first (the areas, through `AreaHooks`).
    let starts: (any StartCommandHandling)?
    /// `client` with `RetryPolicy.preCheckoutAnswer`: pre-checkout answers have a 10-second deadline.
    let answerClient: BotAPIClient
    let logger: Logger
    let inbox = UpdateInbox()
    /// The retry policy: every stored update gets a job (`UpdateJobs`).
    public let jobSettings: UpdateJobs.Settings
    let records = BotRecords()

    public init(
        pool: PostgresPool, client: BotAPIClient, payments: any PaymentHandling = ShopUnavailable(), logger: Logger,
        jobSettings: UpdateJobs.Settings = UpdateJobs.Settings(), messages: (any MessageReceiving)? = nil,
        starts: (any StartCommandHandling)? = nil
    ) {
        self.messages = messages
        self.starts = starts
        self.jobSettings = jobSettings
        self.pool = pool
        self.client = client
        self.payments = payments
        self.answerClient = client.with(
            retryPolicy: .preCheckoutAnswer, timeout: RetryPolicy.preCheckoutTimeout)
        self.logger = logger
    }

    /// Stores `update` (its exact bytes as `payload`) under the id of the bot whose token the
    /// tenant has now — the one that delivered it, the webhook URL being the tenant's — together
    /// with its `bot.update` job, in one transaction; true when it was new.
    public func receive(_ update: TelegramUpdate, body: [UInt8], tenant: LiveTenant) throws -> Bool {
        let key = UpdateKey(botID: tenant.botToken.botID, updateID: update.updateID)
        return try pool.transaction { conn in
            guard
                try inbox.insert(
                    key, kind: update.kind, payload: String(decoding: body, as: UTF8.self), schema: tenant.schema, conn)
            else { return false }
            try UpdateJobs.enqueue(key, settings: jobSettings, schema: tenant.schema, conn)
            return true
        }
    }

    /// Whether the update is processed (or gone).
    func isProcessed(_ key: UpdateKey, tenant: LiveTenant) throws -> Bool {
        try pool.withConnection { try inbox.state(key, schema: tenant.schema, $0).processed }
    }

    /// How many attempts the update has had.
    func attempts(_ key: UpdateKey, tenant: LiveTenant) throws -> Int {
        try pool.withConnection { try inbox.state(key, schema: tenant.schema, $0).attempts }
    }

    /// A pre-checkout decision, committed, waiting to be sent.
    struct PendingAnswer {
        var queryID: String
        var decision: PreCheckoutDecision
    }

    /// Processes an update just received from the tenant's current bot (see `process(_:tenant:)`
    /// with an `UpdateKey`).
    @discardableResult
    public func process(_ updateID: Int64, tenant: LiveTenant) -> Outcome {
        process(UpdateKey(botID: tenant.botToken.botID, updateID: updateID), tenant: tenant)
    }

    /// Processes a stored update if it is still pending. A pre-checkout query is decided and
    /// committed first; the answer goes out after the commit, outside the transaction, with the
    /// bounded `RetryPolicy.preCheckoutAnswer` (a failed answer is logged, not retried later:
    /// Telegram's 10-second window would be over by then).
    @discardableResult
    public func process(_ key: UpdateKey, tenant: LiveTenant) -> Outcome {
        enum Step { case skipped, paymentRecorded, processed(PendingAnswer?) }
        do {
            var paymentRecorded = false
            while true {
                let step = try pool.transaction { conn -> Step in
                    guard let payload = try inbox.claim(key, schema: tenant.schema, conn) else { return .skipped }
                    let update = try TelegramUpdate.parse(Array(payload.utf8))
                    // A payment is committed to `payments` first, on its own, so that it stays on
                    // record even if handling it keeps failing until the update is given up on.
                    if !paymentRecorded, case .message(let message) = update.content,
                        try recordPayment(message, tenant: tenant, conn)
                    {
                        return .paymentRecorded
                    }
                    let answer = try handle(update, key: key, tenant: tenant, conn)
                    try inbox.markProcessed(key, schema: tenant.schema, conn)
                    try JobQueue(schema: tenant.schema).complete(UpdateJobs.kind, dedupeKey: UpdateJobs.dedupeKey(key), on: conn)
                    return .processed(answer)
                }
                switch step {
                case .skipped: return .skipped
                case .paymentRecorded: paymentRecorded = true
                case .processed(let answer):
                    if let answer { send(answer, tenant: tenant) }
                    return .processed
                }
            }
        } catch {
            let message = String(describing: error)
            do {
                try pool.withConnection { try inbox.markFailed(key, error: message, schema: tenant.schema, $0) }
            } catch {
                logger.error(
                    "cannot record a failed update",
                    [
                        ("tenant", .string(tenant.slug.rawValue)), ("bot_id", .int(key.botID)),
                        ("update_id", .int(key.updateID)),
                    ])
            }
            logger.warning(
                "update processing failed",
                [
                    ("tenant", .string(tenant.slug.rawValue)), ("bot_id", .int(key.botID)),
                    ("update_id", .int(key.updateID)), ("error", .string(message)),
                ])
            return .failed(message)
        }
    }

    /// Does the update's work on `conn`; a pre-checkout answer to send once it is committed.
    func handle(_ update: TelegramUpdate, key: UpdateKey, tenant: LiveTenant, _ conn: PostgresConnection) throws
        -> PendingAnswer?
    {
        switch update.content {
        case .message(let message): try handleMessage(message, key: key, tenant: tenant, conn)
        case .preCheckoutQuery(let query): return try handlePreCheckout(query, tenant: tenant, conn)
        case .myChatMember(let change): try handleMemberChange(change, tenant: tenant, conn)
        case .other: break
        }
        return nil
    }

    /// The first step of a `successful_payment` (private chats): its `payments` row, once per charge
    /// id, with `handled_at` NULL; true when the message carries a payment (the caller commits).
    func recordPayment(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool {
        guard message.chatType == "private", let user = message.from, let payment = message.successfulPayment else {
            return false
        }
        let participant = try records.upsertParticipant(user, source: nil, schema: tenant.schema, conn)
        _ = try records.recordPayment(
            payment, participantID: participant.id, telegramUserID: user.id, schema: tenant.schema, conn)
        return true
    }

    /// `/start <payload>` (answered with the welcome, `WelcomeJob`), messages for the inbox (text
    /// and attachments), the sender's own phone number, and payment notices, in private chats;
    /// supergroup messages go to the areas' hook.
    func handleMessage(_ message: IncomingMessage, key: UpdateKey, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let botID = key.botID
        if message.chatType == "supergroup" {
            try messages?.groupMessageReceived(message, tenant: tenant, conn)
            return
        }
        guard message.chatType == "private", let user = message.from else { return }
        let schema = tenant.schema
        if let starts, let command = message.command, command.name == "start", let payload = command.payload,
            try starts.startCommand(
                StartCommand(payload: payload, user: user, messageID: message.messageID), tenant: tenant, conn)
        {
            return
        }
        let participant: ParticipantSnapshot
        if let command = message.command, command.name == "start" {
            participant = try records.upsertParticipant(user, source: command.payload, schema: schema, conn)
            if participant.created, let referrer = ReferralCode.referrer(in: command.payload) {
                _ = try records.recordReferral(referrerID: referrer, referredID: participant.id, schema: schema, conn)
            }
        } else {
            participant = try records.upsertParticipant(user, source: nil, schema: schema, conn)
        }
        // A banned participant's messages are counted, not stored; payments below still go through
        // (the money moved whatever their standing).
        if ParticipantStanding.ban(participant, now: Date()) != nil {
            if message.successfulPayment == nil && message.refundedPayment == nil {
                try records.countDroppedMessage(participantID: participant.id, schema: schema, conn)
            }
        } else {
            if let command = message.command, command.name == "start" {
                try WelcomeJob.enqueue(
                    participantID: participant.id, startParam: command.payload, key: key, schema: schema, conn)
            }
            if let content = StoredContent(message),
                let stored = try records.storeMessage(
                    botID: botID, participantID: participant.id, telegramMessageID: message.messageID, direction: "in",
                    content: content, at: message.date, schema: schema, conn)
            {
                try messages?.messageReceived(
                    ReceivedMessage(
                        id: stored.id, participantID: participant.id, at: stored.at, kind: content.kind, text: content.text),
                    tenant: tenant, conn)
            }
            // Only the sender's own number: a contact card of someone else is not theirs to share.
            if case .contact(let contact) = message.kind, contact.userID == user.id {
                try ContactRecords(schema: schema).savePhone(
                    participantID: participant.id, contact.phoneNumber, way: .botContact, at: Date(), conn)
            }
        }
        if let payment = message.successfulPayment,
            let paymentID = try records.claimUnhandledPayment(chargeID: payment.telegramPaymentChargeID, schema: schema, conn)
        {
            let recorded = RecordedPayment(
                id: paymentID, participantID: participant.id, telegramUserID: user.id, payment: payment)
            try payments.paymentReceived(recorded, tenant: tenant, conn)
            try records.markPaymentHandled(paymentID, schema: schema, conn)
        }
        if let refund = message.refundedPayment {
            // The area first, then the payment row: staff refunds lock the order or the event before
            // `payments`, and the same order here keeps the two from deadlocking when Telegram's
            // update arrives while the staff refund's transaction runs.
            try payments.paymentRefunded(refund, tenant: tenant, conn)
            try records.markRefunded(chargeID: refund.telegramPaymentChargeID, schema: schema, conn)
        }
    }

    /// The referrer's participant id in a `/start ref_<id>` payload.
    func handlePreCheckout(_ query: PreCheckoutQuery, tenant: LiveTenant, _ conn: PostgresConnection) throws
        -> PendingAnswer
    {
        let participant = try records.upsertParticipant(query.from, source: nil, schema: tenant.schema, conn)
        if ParticipantStanding.ban(participant, now: Date()) != nil {
            return PendingAnswer(queryID: query.id, decision: .decline(ParticipantStanding.declinedCheckout))
        }
        let decision = try payments.preCheckout(query, participant: participant, tenant: tenant, conn)
        return PendingAnswer(queryID: query.id, decision: decision)
    }

    /// Sends a committed pre-checkout decision (bounded: see `RetryPolicy.preCheckoutAnswer`).
    func send(_ answer: PendingAnswer, tenant: LiveTenant) {
        let bot = TelegramBot(token: tenant.botToken.value, client: answerClient)
        do throws(BotAPIError) {
            try bot.answerPreCheckoutQuery(
                id: answer.queryID, ok: answer.decision.ok, errorMessage: answer.decision.errorMessage)
        } catch {
            // Too late to try again later: Telegram drops the checkout after 10 seconds, and the
            // user can simply pay again. A bad request is an expired or unknown query.
            logger.warning(
                "pre-checkout answer failed",
                [
                    ("tenant", .string(tenant.slug.rawValue)), ("query", .string(answer.queryID)),
                    ("ok", .bool(answer.decision.ok)), ("error", .string(String(describing: error))),
                ])
        }
    }

    /// In a private chat, `kicked` = the user blocked the bot, `member` = unblocked or restarted it.
    func handleMemberChange(_ change: ChatMemberUpdate, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        guard change.chatType == "private" else { return }
        _ = try records.upsertParticipant(change.from, source: nil, schema: tenant.schema, conn)
        let reachable = !["kicked", "left"].contains(change.newStatus)
        try records.setReachable(telegramID: change.from.id, reachable, schema: tenant.schema, conn)
    }
}
