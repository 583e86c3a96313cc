import HTTP
import Kernel
import Telegram
import Tenancy

/// `POST /telegram/{tenant}/webhook`: where Telegram delivers the tenant bot's updates.
///
/// Only a call carrying the tenant's secret in `X-Telegram-Bot-Api-Secret-Token` is accepted.
/// The update is committed to the tenant's `updates` table before the 200 (anything else makes
/// Telegram deliver it again) with its `bot.update` job, then processed right away; a failure
/// leaves it to the job.
/// A NUL character, which PostgreSQL cannot store, is not refused here (Telegram would redeliver the
/// update forever): the update is stored with U+FFFD in its place.
enum TelegramWebhookRoutes {
    static let secretHeader = "X-Telegram-Bot-Api-Secret-Token"

    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.POST, "/telegram/{tenant}/webhook", refusingNUL: false) { request, params in
            receive(request, slug: params["tenant"] ?? "", context)
        }
    }

    static func receive(_ request: HTTPRequest, slug: String, _ context: AppContext) -> HTTPResponse {
        guard let tenant = context.registry.tenant(slug) else {
            return APIError.tenantNotFound(slug).response
        }
        guard let secret = tenant.webhookSecret, secret.matches(request.headers[secretHeader]) else {
            return .error(status: 401, code: "webhook_secret_invalid", message: "missing or wrong \(secretHeader)")
        }
        let body = NULGuard.replacingNUL(inJSONBody: request.body) ?? request.body
        let update: TelegramUpdate
        do {
            update = try TelegramUpdate.parse(body)
        } catch {
            return .error(status: 400, code: "invalid_update", message: error.message)
        }
        let isNew: Bool
        do {
            isNew = try context.updates.receive(update, body: body, tenant: tenant)
        } catch {
            context.logger.error(
                "update not stored",
                [
                    ("tenant", .string(slug)), ("update_id", .int(update.updateID)),
                    ("error", .string(String(describing: error))),
                ])
            // Not acknowledged: Telegram delivers it again later.
            return APIError.unavailable("database unavailable, retry shortly").response
        }
        if isNew { context.updates.process(update.updateID, tenant: tenant) }
        return .json(Array(#"{"ok":true}"#.utf8))
    }
}
