import Telegram
import Tenancy
import TesseraLog

/// The one place staff refunds call Telegram: `refundStarPayment` with the tenant's bot. A charge
/// Telegram says is already refunded counts as refunded (the caller records it); any other
/// failure is logged and becomes 502 `refund_failed`.
struct StarRefund {
    let botAPI: BotAPIClient
    let logger: Logger

    func refund(
        _ tenant: LiveTenant, payer: Int64, charge: String, subject: (String, LogValue)
    ) throws(SectionError) {
        do throws(BotAPIError) {
            try TelegramBot(token: tenant.botToken.value, client: botAPI).refundStarPayment(userID: payer, chargeID: charge)
        } catch .badRequest(let description) where description.contains("CHARGE_ALREADY_REFUNDED") {
            // Refunded elsewhere already: the caller records it here too.
        } catch {
            logger.warning(
                "refund failed",
                [("tenant", .string(tenant.slug.rawValue)), subject, ("error", .string(String(describing: error)))])
            throw SectionError.upstream(
                code: "refund_failed", message: "Telegram did not refund the payment: \(Self.summary(error))")
        }
    }

    static func summary(_ error: BotAPIError) -> String {
        switch error {
        case .badRequest(let description), .forbidden(let description, _): description
        default: "\(error)"
        }
    }
}
