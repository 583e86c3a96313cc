import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// The SQL behind what the bot learns from updates: participants met in the chat, inbox
/// messages, referrals, payments and reachability.
struct BotRecords: Sendable {
    /// Creates the participant on first contact (recording `source`, never overwritten) or
    /// refreshes their profile, keeping the best-known name and `photo_url`, which bot updates do
    /// not carry.
    func upsertParticipant(_ user: TelegramUser, source: String?, schema: Identifier, _ conn: PostgresConnection) throws
        -> ParticipantSnapshot
    {
        try ParticipantStore().upsert(user, startParam: source, photo: .keep, schema: schema, conn)
    }

    /// Counts a message from a banned participant instead of storing it.
    func countDroppedMessage(participantID: Int64, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: schema).participants SET dropped_messages = dropped_messages + 1 WHERE id = \(participantID)")
    }

    func setReachable(telegramID: Int64, _ reachable: Bool, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(ident: schema).participants SET reachable = \(reachable) WHERE telegram_id = \(telegramID)")
    }

    /// Stores an inbox message once per (bot, participant, direction, Telegram message id): message
    /// ids are per bot, so a new bot's may repeat an old bot's. The row's id, nil when stored before.
    @discardableResult
    func storeMessage(
        botID: Int64, participantID: Int64, telegramMessageID: Int64?, direction: String, content: StoredContent,
        at date: Date?, delivered: Bool = false, schema: Identifier, _ conn: PostgresConnection
    ) throws -> (id: Int64, at: Date)? {
        let attachment = content.attachment.map { String(decoding: $0.serialized(), as: UTF8.self) }
        return try conn.query(
            """
            INSERT INTO \(ident: schema).messages
                (bot_id, participant_id, telegram_message_id, direction, text, kind, attachment, created_at, delivery,
                 sent_at)
            VALUES (\(botID), \(participantID), \(telegramMessageID), \(direction), \(content.text), \(content.kind),
                    \(attachment)::jsonb, coalesce(\(date)::timestamptz, now()), \(delivered ? "sent" : nil),
                    CASE WHEN \(delivered) THEN now() END)
            ON CONFLICT (bot_id, participant_id, direction, telegram_message_id) DO NOTHING
            RETURNING id, created_at
            """
        ).first.map { (try $0.decode(Int64.self, 0), try $0.decode(Date.self, 1)) }
    }

    /// Records that `referrerID` brought `referredID` (see `ReferralRecords`); true when recorded.
    func recordReferral(referrerID: Int64, referredID: Int64, schema: Identifier, _ conn: PostgresConnection) throws
        -> Bool
    {
        try ReferralRecords(schema: schema).record(referrerID: referrerID, referredID: referredID, at: Date(), conn)
    }

    /// Stores a payment once per charge id; nil when it was stored before.
    func recordPayment(
        _ payment: SuccessfulPayment, participantID: Int64, telegramUserID: Int64, schema: Identifier,
        _ conn: PostgresConnection
    )
        throws -> RecordedPayment?
    {
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).payments
                (participant_id, telegram_user_id, telegram_payment_charge_id, provider_payment_charge_id, currency,
                 total_amount, invoice_payload)
            VALUES (\(participantID), \(telegramUserID), \(payment.telegramPaymentChargeID), \(payment.providerPaymentChargeID),
                    \(payment.currency), \(payment.totalAmount), \(payment.invoicePayload))
            ON CONFLICT (telegram_payment_charge_id) DO NOTHING
            RETURNING id
            """
        ).first
        guard let row else { return nil }
        return RecordedPayment(
            id: try row.decode(Int64.self, 0), participantID: participantID, telegramUserID: telegramUserID,
            payment: payment)
    }

    /// Locks the payment with `chargeID` if no area has handled it yet; its id, else nil.
    func claimUnhandledPayment(chargeID: String, schema: Identifier, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query(
            """
            SELECT id FROM \(ident: schema).payments
            WHERE telegram_payment_charge_id = \(chargeID) AND handled_at IS NULL FOR UPDATE
            """
        ).first?.decode(Int64.self, 0)
    }

    func markPaymentHandled(_ id: Int64, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(ident: schema).payments SET handled_at = now() WHERE id = \(id)")
    }

    func markRefunded(chargeID: String, schema: Identifier, _ conn: PostgresConnection) throws {
        try conn.execute(
            """
            UPDATE \(ident: schema).payments SET refunded_at = coalesce(refunded_at, now())
            WHERE telegram_payment_charge_id = \(chargeID)
            """)
    }

    func telegramID(ofParticipant id: Int64, schema: Identifier, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT telegram_id FROM \(ident: schema).participants WHERE id = \(id)").first?.decode(
            Int64.self, 0)
    }
}
