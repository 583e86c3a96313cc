import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

/// Linking the signed-in person's Telegram account (`TelegramLinking`): a one-time deep link to a
/// tenant's bot, and unlinking. Session routes: the cookie and, for these writes, the CSRF token.
extension StaffArea {
    var telegramLinkEndpoints: [Endpoint] {
        [
            .open(.POST, "/office/api/me/telegram-link", requestTelegramLinking),
            .open(.DELETE, "/office/api/me/telegram-link", unlinkTelegram),
        ]
    }

    /// `{"tenant": slug}` → the deep link to that tenant's bot, valid 15 minutes, once.
    func requestTelegramLinking(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        var reader = try BodyReader(call.request, allowed: ["tenant"])
        let slug = reader.require("tenant", reader.string("tenant", max: 63)) ?? ""
        try reader.finish()
        guard let membership = signedIn.memberships.first(where: { $0.tenantSlug == slug }),
            let tenant = registry.all.first(where: { $0.id == membership.tenantID }), tenant.status == .active
        else {
            throw AreaError.notFound(code: "tenant_not_found", message: "you are not staff of an active tenant \"\(slug)\"")
        }
        let (url, link) = try TelegramLinking(area: self).create(person: signedIn.person, tenant: tenant, now: call.now)
        return Reply.json(
            ["link": .string(url), "bot": .string(tenant.botUsername), "expires_at": .string(Instant.format(link.expiresAt))],
            status: 201)
    }

    /// Unlinks the person's Telegram account (the bot can no longer send them links).
    func unlinkTelegram(_ call: OpenCall) throws -> HTTPResponse {
        let signedIn = try session(call.request, now: call.now)
        try BodyReader.requireNone(call.request)
        var person = signedIn.person
        if person.telegramUserID != nil {
            try pool.transaction { conn in
                try StaffDirectory().linkTelegram(userID: nil, personID: person.id, conn)
                for membership in signedIn.memberships {
                    guard let tenant = registry.all.first(where: { $0.id == membership.tenantID }) else { continue }
                    try TelegramLinking(area: self).audit(person, tenant: tenant, linked: false, now: call.now, conn)
                }
            }
            person.telegramUserID = nil
        }
        return Reply.json(["staff": personJSON(person)])
    }
}
