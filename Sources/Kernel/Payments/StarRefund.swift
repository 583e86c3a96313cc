import Postgres
import Telegram
import Tenancy
import TesseraLog

/// The one place staff refunds call Telegram: `refundStarPayment` with the tenant's bot. A charge
/// Telegram says is already refunded counts as refunded (the caller records it); any other
/// failure is logged and becomes 502 `refund_failed`.
public struct StarRefund {
    public let botAPI: BotAPIClient
    public let logger: Logger

    public init(botAPI: BotAPIClient, logger: Logger) {
        self.botAPI = botAPI
        self.logger = logger
    }

    /// Refunds `charge` once however many staff requests race for it (an order, ticket or
    /// payment refund tapped twice): one transaction holds a transaction-scoped advisory lock on
    /// the charge, so PostgreSQL serialises the requests across servers; under it `pending` says
    /// whether a refund is still due (false: a racing request refunded meanwhile), and only then
    /// is Telegram asked and `record` writes the refund before the commit releases the lock.
    /// True when this call refunded. Only requests for the same charge wait through the Bot API
    /// call; no row stays locked meanwhile.
    public func refundOnce(
        _ tenant: LiveTenant, payer: Int64, charge: String, subject: (String, LogValue), pool: PostgresPool,
        pending: (PostgresConnection) throws -> Bool, record: (PostgresConnection) throws -> Void
    ) throws -> Bool {
        try pool.transaction { conn in
            try conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.schema.raw + ":refund:" + charge), 0))")
            guard try pending(conn) else { return false }
            try refund(tenant, payer: payer, charge: charge, subject: subject)
            try record(conn)
            return true
        }
    }

    public func refund(
        _ tenant: LiveTenant, payer: Int64, charge: String, subject: (String, LogValue)
    ) throws(AreaError) {
        do throws(BotAPIError) {
            try TelegramBot(token: tenant.botToken.value, client: botAPI).refundStarPayment(userID: payer, chargeID: charge)
        } catch .badRequest(let description) where description.contains("CHARGE_ALREADY_REFUNDED") {
            // Refunded elsewhere already: the caller records it here too.
        } catch {
            logger.warning(
                "refund failed",
                [("tenant", .string(tenant.slug.rawValue)), subject, ("error", .string(String(describing: error)))])
            throw AreaError.upstream(
                code: "refund_failed", message: "Telegram did not refund the payment: \(Self.summary(error))")
        }
    }

    public static func summary(_ error: BotAPIError) -> String {
        switch error {
        case .badRequest(let description), .forbidden(let description, _): description
        default: "\(error)"
        }
    }
}
