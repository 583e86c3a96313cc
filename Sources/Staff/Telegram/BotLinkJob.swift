import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// One-time links the tenant's bot sends to a person's linked Telegram account: "sign in with
/// Telegram" (`staff.telegram_sign_in`) and password resets (`staff.password_reset`, from
/// `tessera staff reset-link`). The job runs in the schema of a tenant the person is staff of;
/// when it runs it creates the link, so the token exists only in the bot's message — the job's
/// payload, which staff can read, holds the person's id alone.
public struct BotLinkJob: Sendable {
    /// What the link does.
    public enum Purpose: Sendable {
        case signIn, passwordReset

        public var kind: JobKind {
            switch self {
            case .signIn: "staff.telegram_sign_in"
            case .passwordReset: "staff.password_reset"
            }
        }

        var linkKind: StaffLinkKind {
            switch self {
            case .signIn: .telegramSignIn
            case .passwordReset: .passwordReset
            }
        }

        /// How long a link the bot sent stays usable, unless the job says otherwise.
        var lifetime: TimeInterval {
            switch self {
            case .signIn: 15 * 60
            case .passwordReset: StaffLinkKind.passwordReset.defaultLifetime
            }
        }

        func text(_ locale: StaffLocale, title: String) -> (message: String, button: String) {
            switch (self, locale) {
            case (.signIn, .ru): ("Вход в бэк-офис «\(title)». Ссылка действует 15 минут и только один раз.", "Войти")
            case (.signIn, .en): ("Sign in to the \(title) back office. The link works once, for 15 minutes.", "Sign in")
            case (.passwordReset, .ru):
                (
                    "Новый пароль для бэк-офиса «\(title)». Ссылка действует один раз; "
                        + "после смены пароля все сеансы завершатся.", "Задать пароль"
                )
            case (.passwordReset, .en):
                (
                    "Set a new password for the \(title) back office. The link works once; "
                        + "setting a password signs you out everywhere.", "Set password"
                )
            }
        }
    }

    /// Where a job went: the tenant whose bot sends it, and the job's id.
    public struct Enqueued: Sendable, Equatable {
        public var tenant: String
        public var jobID: Int64
    }

    let purpose: Purpose

    public init(_ purpose: Purpose) { self.purpose = purpose }

    /// Enqueues the job for `person` if they have a linked Telegram account, are not disabled and
    /// are staff of an active tenant (the first by slug, whose bot sends it); nil otherwise. One per
    /// person and purpose per minute (a double click sends one message). `lifetime`: the link's, if
    /// not the purpose's default.
    @discardableResult
    public func enqueue(person: StaffPerson, lifetime: TimeInterval? = nil, now: Date, _ conn: PostgresConnection)
        throws -> Enqueued?
    {
        guard person.telegramUserID != nil, !person.disabled else { return nil }
        let memberships = Set(try StaffDirectory().memberships(of: person.id, conn).map(\.tenantID))
        guard
            let tenant = try TenantCatalog().all(conn).filter({ memberships.contains($0.id) && $0.status == .active })
                .min(by: { $0.slug.rawValue < $1.slug.rawValue })
        else { return nil }
        let minute = Int64(now.timeIntervalSince1970 / 60)
        var payload: JSONObject = ["person_id": .int(person.id)]
        if let lifetime { payload["lifetime_seconds"] = .int(Int64(lifetime)) }
        let queued = try JobQueue(schema: tenant.schema).enqueue(
            purpose.kind, payload: .object(payload), maxAttempts: 3,
            dedupeKey: "person:\(person.id):\(minute)", on: conn)
        return Enqueued(tenant: tenant.slug.rawValue, jobID: queued.id)
    }

    /// Creates the link and has the tenant's bot send it.
    func run(_ job: Job, area: StaffArea) throws -> JobOutcome {
        guard let personID = job.payload["person_id"]?.integerValue else {
            return .fail(reason: "payload lacks person_id")
        }
        guard let tenant = area.registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        let asked = job.payload["lifetime_seconds"]?.integerValue.map(TimeInterval.init)
        let lifetime = asked.flatMap { (1...StaffLinkStore.maximumLifetime).contains($0) ? $0 : nil } ?? purpose.lifetime
        guard let base = area.publicURL else {
            return .fail(reason: "TESSERA_PUBLIC_URL is not set: a link needs the back office's address")
        }
        let made = try area.pool.withConnection { conn -> (StaffSecretToken, StaffPerson, String)? in
            guard let person = try StaffDirectory().person(id: personID, conn), person.telegramUserID != nil,
                !person.disabled
            else { return nil }
            let (token, _) = try StaffLinkStore().create(
                purpose.linkKind, personID: personID, tenantID: tenant.id, lifetime: lifetime, now: Date(), conn)
            return (token, person, try StaffDirectory().tenantTitle(id: tenant.id, conn) ?? tenant.slug.rawValue)
        }
        guard let (token, person, title) = made, let chat = person.telegramUserID else {
            return .fail(reason: "the person is gone, disabled or no longer linked to Telegram")
        }
        let link = base.trimmingSuffix("/") + purpose.linkKind.pathPrefix + token.value
        let (text, button) = purpose.text(person.locale, title: title)
        return Self.send(text, to: chat, tenant: tenant, client: area.botAPI, button: URLButton(text: button, url: link))
    }

    /// Sends one bot message, as a job's outcome: retried on a rate limit or a network failure.
    static func send(
        _ text: String, to chat: Int64, tenant: LiveTenant, client: BotAPIClient, button: URLButton? = nil
    ) -> JobOutcome {
        let bot = TelegramBot(token: tenant.botToken.value, client: client)
        do throws(BotAPIError) {
            _ = try bot.sendMessage(chatID: chat, text: text, urlButton: button)
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
