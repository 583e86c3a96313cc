import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// Ties a staff member's Telegram account to their person, through one tenant's bot. The office
/// asks for a one-time link (`create`) and shows it as the deep link
/// `https://t.me/<bot>?start=staff_<token>`; opening it sends the bot `/start staff_<token>`,
/// which the intake hands to the Staff area (`StartCommandHandling`) before anything touches
/// participants. The link is used and the Telegram user id set in the update's transaction; the
/// bot's answer goes out as a `staff.telegram_link_answer` job.
struct TelegramLinking {
    /// What starts a staff link's `/start` payload; the token (43 base64url characters) follows,
    /// within Telegram's limit for `start` values (`A-Z a-z 0-9 _ -`, at most 64 characters).
    static let startPrefix = "staff_"
    static let answerKind: JobKind = "staff.telegram_link_answer"
    let area: StaffArea

    /// A new link for `person`, staff of `tenant`, and the deep link that carries it. Refuses a
    /// person already linked (unlink first) and a tenant without a bot username.
    func create(person: StaffPerson, tenant: LiveTenant, now: Date) throws -> (url: String, link: StaffLink) {
        if person.telegramUserID != nil {
            throw AreaError.conflict(
                code: "telegram_already_linked",
                message: "your Telegram account is already linked; unlink it first to link another")
        }
        guard !tenant.botUsername.isEmpty else {
            throw AreaError.conflict(code: "bot_unknown", message: "\(tenant.slug) has no bot username to link through")
        }
        let (token, link) = try area.pool.withConnection {
            try StaffLinkStore().createTelegramLink(personID: person.id, tenantID: tenant.id, now: now, $0)
        }
        return ("https://t.me/\(tenant.botUsername)?start=\(Self.startPrefix)\(token.value)", link)
    }

    /// Handles `/start staff_<token>`; false for any other payload.
    func handle(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool {
        guard command.payload.hasPrefix(Self.startPrefix) else { return false }
        let raw = String(command.payload.dropFirst(Self.startPrefix.count))
        let user = command.user
        let directory = StaffDirectory()
        let links = StaffLinkStore()
        let now = Date()
        var person: StaffPerson?
        let outcome: TelegramLinkText
        if let link = try links.find(raw, kind: .telegramLink, conn), link.tenantID == tenant.id,
            let owner = try link.personID.flatMap({ try directory.person(id: $0, conn) })
        {
            person = owner
            let holder = try directory.person(telegramUserID: user.id, conn)
            if link.usedAt != nil {
                outcome = owner.telegramUserID == user.id ? .alreadyLinked : .linkUsed
            } else if link.expiresAt <= now {
                outcome = .linkExpired
            } else if owner.disabled {
                outcome = .accountDisabled
            } else if let holder, holder.id != owner.id {
                outcome = .takenByOther
            } else {
                _ = try links.use(raw, kind: .telegramLink, by: owner.id, now: now, conn)
                if holder == nil {
                    try directory.linkTelegram(userID: user.id, personID: owner.id, conn)
                    try audit(owner, tenant: tenant, linked: true, now: now, conn)
                }
                outcome = holder == nil ? .linked : .alreadyLinked
            }
        } else {
            outcome = .linkInvalid
        }
        var payload: JSONObject = [
            "chat_id": .int(user.id), "answer": .string(outcome.rawValue),
            "locale": .string(person?.locale.rawValue ?? user.languageCode ?? "en"),
        ]
        if let person { payload["person_id"] = .int(person.id) }
        try JobQueue(schema: tenant.schema).enqueue(
            Self.answerKind, payload: .object(payload), maxAttempts: 5,
            dedupeKey: "start:\(user.id):\(command.messageID)", on: conn)
        return true
    }

    /// Records a link or an unlink in the tenant's audit log, as the person in their role there.
    func audit(_ person: StaffPerson, tenant: LiveTenant, linked: Bool, now: Date, _ conn: PostgresConnection) throws {
        let role =
            try StaffDirectory().memberships(of: person.id, conn).first { $0.tenantID == tenant.id }?.role.rawValue
            ?? "none"
        try AuditLog(schema: tenant.schema).append(
            AuditLog.Change(
                actor: AuditActor(.person(person.id), role: role),
                action: linked ? "staff.telegram_link" : "staff.telegram_unlink", recordType: "staff",
                recordID: String(person.id), after: ["telegram_linked": .bool(linked)]),
            at: now, conn)
    }

    /// Sends the answer a `/start staff_<token>` earned.
    func answer(_ job: Job) throws -> JobOutcome {
        guard let chat = job.payload["chat_id"]?.integerValue,
            let answer = job.payload["answer"]?.stringValue.flatMap(TelegramLinkText.init(rawValue:))
        else { return .fail(reason: "payload lacks chat_id or a known answer") }
        guard let tenant = area.registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        let locale = job.payload["locale"]?.stringValue ?? "en"
        let (name, title) = try area.pool.withConnection { conn -> (String, String) in
            let person = try job.payload["person_id"]?.integerValue.flatMap { try StaffDirectory().person(id: $0, conn) }
            return (
                person.map { $0.displayName.isEmpty ? $0.email : $0.displayName } ?? "",
                try StaffDirectory().tenantTitle(id: tenant.id, conn) ?? tenant.slug.rawValue
            )
        }
        let text = answer.text(locale).replacingOccurrences(of: "{title}", with: title)
            .replacingOccurrences(of: "{name}", with: name)
        return BotLinkJob.send(text, to: chat, tenant: tenant, client: area.botAPI)
    }
}
