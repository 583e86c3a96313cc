import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON

/// The answer to `/start` (`bot.welcome`): the blueprint's welcome in the participant's language
/// with a `web_app` button opening the mini app, the start parameter carried in its URL
/// (`?startapp=`, read by the front end like initData's `start_param`, which Telegram only sets
/// for `t.me` links).
///
/// Enqueued by the update intake in the transaction that processes the update, under the key
/// `welcome:<bot>:<update_id>`: one welcome per update, however often Telegram delivers it.
public struct WelcomeJob: Sendable {
    public static let kind: JobKind = "bot.welcome"

    public let pool: PostgresPool
    public let client: BotAPIClient
    public let registry: TenantRegistry
    /// `TESSERA_PUBLIC_URL`: the mini app's address until a menu button push has stored one.
    public let publicURL: String?
    let records = BotRecords()

    public init(pool: PostgresPool, client: BotAPIClient, registry: TenantRegistry, publicURL: String?) {
        self.pool = pool
        self.client = client
        self.registry = registry
        self.publicURL = publicURL
    }

    static func enqueue(
        participantID: Int64, startParam: String?, key: UpdateKey, schema: Identifier, _ conn: PostgresConnection
    ) throws {
        var payload: JSONObject = ["participant_id": .int(participantID)]
        if let startParam { payload["start"] = .string(startParam) }
        try JobQueue(schema: schema).enqueue(
            kind, payload: .object(payload), maxAttempts: 5, dedupeKey: "welcome:\(key.botID):\(key.updateID)", on: conn)
    }

    public func register(on runner: JobRunner) {
        runner.register(Self.kind) { job in try run(job) }
    }

    /// Only what Telegram's deep links allow (`A-Z a-z 0-9 _ -`, at most 64) goes into the URL.
    public static func isStartParam(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return (1...64).contains(bytes.count)
            && bytes.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F
                    || $0 == 0x2D
            }
    }

    /// The button's URL: the mini app's, with `startapp=<param>` added when there is one.
    static func buttonURL(_ appURL: String, startParam: String?) -> String {
        guard let startParam, isStartParam(startParam) else { return appURL }
        return appURL + (appURL.contains("?") ? "&" : "?") + "startapp=" + startParam
    }

    func run(_ job: Job) throws -> JobOutcome {
        guard let participantID = job.payload["participant_id"]?.integerValue else {
            return .fail(reason: "payload lacks participant_id")
        }
        guard let tenant = registry.all.first(where: { $0.schema == job.schema }) else {
            return .retry(after: 60, reason: "the tenant of \(job.schema.raw) is not loaded")
        }
        let schema = tenant.schema
        let botID = tenant.botToken.botID
        let found = try pool.withConnection { conn -> (chat: Int64, language: String?, banned: Bool, appURL: String?)? in
            guard
                let row = try conn.query(
                    "SELECT telegram_id, language_code FROM \(ident: schema).participants WHERE id = \(participantID)"
                ).first
            else { return nil }
            let banned = try ParticipantStanding.ban(participant: participantID, schema: schema, now: Date(), conn) != nil
            let appURL = try BotProfileStore(schema: schema).appURL(botID: botID, conn)
            return (try row.decode(Int64.self, 0), try row.decode(String?.self, 1), banned, appURL)
        }
        guard let found else { return .fail(reason: "participant \(participantID) is gone") }
        // Banned between the /start and now: they get nothing.
        if found.banned { return .done }
        let locale = tenant.interpreter.resolveLocale(found.language)
        let html = tenant.blueprint.welcomeHTML(locale: locale)
        let appURL = found.appURL ?? publicURL.map { Self.trimmed($0) + "/app/\(tenant.slug.rawValue)/" }
        let button = appURL.map {
            WebAppButton(
                text: tenant.blueprint.welcomeButton(locale: locale),
                url: Self.buttonURL($0, startParam: job.payload["start"]?.stringValue))
        }
        let bot = TelegramBot(token: tenant.botToken.value, client: client)
        let sent: SentMessage
        do throws(BotAPIError) {
            sent = try bot.sendHTMLMessage(chatID: found.chat, html: html, webAppButton: button)
        } catch .tooManyRequests(let seconds) {
            return .retry(after: Double(max(1, seconds)), reason: "Telegram asked to wait \(seconds) s")
        } catch .network(let why) {
            return .retry(after: 5, reason: "Telegram unreachable: \(why)")
        } catch .forbidden(let description, blocked: true) {
            try pool.withConnection { try records.setReachable(telegramID: found.chat, false, schema: schema, $0) }
            return .fail(reason: "the participant blocked the bot: \(description)")
        } catch {
            return .fail(reason: "Telegram refused the welcome: \(error)")
        }
        try pool.withConnection { conn in
            _ = try records.storeMessage(
                botID: botID, participantID: participantID, telegramMessageID: sent.messageID, direction: "out",
                content: StoredContent(kind: "text", text: sent.text ?? html, attachment: nil), at: nil, delivered: true,
                schema: schema, conn)
        }
        return .done
    }

    public static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
