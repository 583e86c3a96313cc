import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// "Sign in with Telegram": a `staff.telegram_sign_in` job in the schema of a tenant the person is
/// staff of; when it runs it creates the one-time link and the tenant's bot sends it to the
/// person's linked Telegram account. The link's token exists only in that message — the job's
/// payload, which staff can read, holds the person's id alone.
struct TelegramSignInJob {
    static let kind: JobKind = "staff.telegram_sign_in"
    /// How long a link sent by the bot stays usable.
    static let lifetime: TimeInterval = 15 * 60
    let area: StaffArea

    /// Enqueues the job for `email` if it names a person with a linked Telegram account who is
    /// staff of an active tenant; one per person per minute (a double click sends one message).
    func enqueue(email: EmailAddress, now: Date) throws {
        let found = try area.pool.withConnection { conn -> (StaffPerson, [StaffMembership])? in
            guard let person = try StaffDirectory().person(email: email, conn), person.telegramUserID != nil,
                !person.disabled
            else { return nil }
            return (person, try StaffDirectory().memberships(of: person.id, conn))
        }
        guard let (person, memberships) = found,
            let tenant = memberships.sorted(by: { $0.tenantSlug < $1.tenantSlug }).lazy
                .compactMap({ m in area.registry.all.first { $0.id == m.tenantID && $0.status == .active } }).first
        else { return }
        let minute = Int64(now.timeIntervalSince1970 / 60)
        _ = try area.pool.withConnection { conn in
            try JobQueue(schema: tenant.schema).enqueue(
                Self.kind, payload: ["person_id": .int(person.id)], maxAttempts: 3,
                dedupeKey: "person:\(person.id):\(minute)", on: conn)
        }
    }

    func run(_ job: Job) throws -> JobOutcome {
        guard let personID = job.payload["person_id"]?.integerValue else {
            return .fail(reason: "payload lacks person_id")
        }
        guard let tenant = area.registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        guard let base = area.publicURL else {
            return .fail(reason: "TESSERA_PUBLIC_URL is not set: a sign-in link needs the back office's address")
        }
        let made = try area.pool.withConnection { conn -> (StaffSecretToken, StaffPerson, String)? in
            guard let person = try StaffDirectory().person(id: personID, conn), person.telegramUserID != nil,
                !person.disabled
            else { return nil }
            let (token, _) = try StaffLinkStore().createTelegramSignIn(
                personID: personID, tenantID: tenant.id, lifetime: Self.lifetime, now: Date(), conn)
            return (token, person, try StaffDirectory().tenantTitle(id: tenant.id, conn) ?? tenant.slug.rawValue)
        }
        guard let (token, person, title) = made, let chat = person.telegramUserID else {
            return .fail(reason: "the person is gone, disabled or no longer linked to Telegram")
        }
        let link = base.trimmingSuffix("/") + "/office/telegram/" + token.value
        let text =
            person.locale == .ru
            ? "Вход в бэк-офис «\(title)». Ссылка действует 15 минут и только один раз."
            : "Sign in to the \(title) back office. The link works once, for 15 minutes."
        let bot = TelegramBot(token: tenant.botToken.value, client: area.botAPI)
        do throws(BotAPIError) {
            _ = try bot.sendMessage(
                chatID: chat, text: text,
                urlButton: URLButton(text: person.locale == .ru ? "Войти" : "Sign in", url: link))
        } catch .tooManyRequests(let seconds) {
            return .retry(after: Double(max(1, seconds)), reason: "Telegram asked to wait \(seconds) s")
        } catch .network(let why) {
            return .retry(after: 5, reason: "Telegram unreachable: \(why)")
        } catch {
            // A link that does not arrive in time is useless; the person can ask again.
            return .fail(reason: "Telegram refused the message: \(error)")
        }
        return .done
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
