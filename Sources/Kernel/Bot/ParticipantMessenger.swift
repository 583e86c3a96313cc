import Postgres
import Telegram
import Tenancy

/// Sends bot messages to participants: records each sent message in the inbox, and marks the
/// participant unreachable when Telegram answers that the user blocked the bot.
public struct ParticipantMessenger: Sendable {
    public let pool: PostgresPool
    public let client: BotAPIClient
    let records = BotRecords()

    public init(pool: PostgresPool, client: BotAPIClient) {
        self.pool = pool
        self.client = client
    }

    /// Sends `text` to participant `participantID` of `tenant`. Call from a worker thread.
    @discardableResult
    public func send(
        _ text: String, toParticipant participantID: Int64, tenant: LiveTenant, webAppButton: WebAppButton? = nil,
        urlButton: URLButton? = nil
    ) throws
        -> SentMessage
    {
        let schema = tenant.schema
        guard
            let chatID = try pool.withConnection({
                try records.telegramID(ofParticipant: participantID, schema: schema, $0)
            })
        else {
            throw TenancyError.participantNotFound(participantID)
        }
        let bot = TelegramBot(token: tenant.botToken.value, client: client)
        do {
            let sent = try bot.sendMessage(chatID: chatID, text: text, webAppButton: webAppButton, urlButton: urlButton)
            try pool.withConnection { conn in
                try records.storeMessage(
                    botID: tenant.botToken.botID, participantID: participantID, telegramMessageID: sent.messageID, direction: "out",
                    content: StoredContent(kind: "text", text: text, attachment: nil), at: nil, delivered: true,
                    schema: schema, conn)
            }
            return sent
        } catch BotAPIError.forbidden(let description, blocked: true) {
            try pool.withConnection { try records.setReachable(telegramID: chatID, false, schema: schema, $0) }
            throw BotAPIError.forbidden(description, blocked: true)
        }
    }
}
