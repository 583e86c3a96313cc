import Foundation
import Telegram
import Tenancy
import TesseraJSON

/// A mini-app link signed in as a Telegram user: the launch fragment Telegram itself would pass
/// (`tgWebAppData` signed with the tenant's bot token, version, platform, a light theme).
struct DevLink {
    static let defaultStartParam = "dev"

    var server: String
    var slug: String
    var user: TelegramUser
    var startParam: String?

    func url(token: BotToken, at date: Date) -> String {
        let initData = InitDataSigner.sign(user: user, authDate: date, startParam: startParam, botToken: token.value)
        let theme = ##"{"bg_color":"#ffffff","text_color":"#000000","hint_color":"#999999","link_color":"#2481cc","button_color":"#2481cc","button_text_color":"#ffffff","secondary_bg_color":"#f0f0f0"}"##
        return "\(server)/app/\(slug)/#tgWebAppData=\(Self.percentEncode(initData))"
            + "&tgWebAppVersion=8.0&tgWebAppPlatform=web&tgWebAppThemeParams=\(Self.percentEncode(theme))"
    }

    static func percentEncode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The fake user of a link: dev's own (id 100000001) or `Dev User <id>`, speaking `language`.
    static func user(id: Int64, language: String) -> TelegramUser {
        var user = DevCommand.devUser
        if id != user.id {
            user = TelegramUser(
                id: id, firstName: "Dev", lastName: "User \(id)", username: "dev_user_\(id)", languageCode: language,
                isPremium: false, photoURL: nil, allowsWriteToPM: true)
        }
        user.languageCode = language
        return user
    }
}

/// `tessera dev link`: a signed-in link to a tenant's mini app on the running dev server.
enum DevLinkCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant", "user", "lang", "start"])
        if args.help { return Output.line(HelpText.devLink) }
        try args.expectPositionals(0)
        guard let rawSlug = args.options["tenant"] else { throw .usage("missing --tenant SLUG") }
        let slug: TenantSlug
        do { slug = try TenantSlug(rawSlug) } catch { throw .usage("--tenant: \(error.description)") }
        let userID = try Self.userID(args.options["user"])
        let language = try Self.language(args.options["lang"] ?? "en")
        let startParam = try Self.startParam(args.options["start"])

        let process = ProcessInfo.processInfo.environment
        guard let path = DevEnvironment.path(in: process) else {
            throw .config("TESSERA_DEV_ENV=off: dev link needs the settings file of a running `tessera dev`")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(
                code: .unavailable,
                message: "no running tessera dev: \(path) does not exist (start `tessera dev` here, or set TESSERA_DEV_ENV to its data directory's dev.env)")
        }
        let dev = DevEnvironment.parse(String(decoding: data, as: UTF8.self))
        guard let server = dev[DevEnvironment.serverURLKey] else {
            throw .config("\(path) has no \(DevEnvironment.serverURLKey): it was not written by `tessera dev`")
        }
        try checkAnswers(server, file: path)

        // The dev installation's own database and key, whatever this shell has set.
        var environment = process
        for (key, value) in dev.variables { environment[key] = value }
        let platform = try Platform.open(Configuration(environment: environment), migrate: false, poolSize: 1)
        defer { platform.pool.close() }
        let provisioner = try platform.provisioner()
        let token = try platform.attempt {
            try provisioner.botToken(of: try platform.pool.withConnection { try TenantCatalog().require(slug, $0) })
        }
        let now = Date()
        let link = DevLink(server: server, slug: slug.rawValue, user: DevLink.user(id: userID, language: language), startParam: startParam)
        let url = link.url(token: token, at: now)
        guard args.json else { return Output.line(url) }
        let maxAge = try platform.configuration.initDataMaxAge()
        Output.json([
            "tenant": .string(slug.rawValue), "url": .string(url), "server": .string(server),
            "user": ["id": .int(userID), "language_code": .string(language)],
            "start_param": startParam.map { .string($0) } ?? .null,
            "expires_at": .string(ISO8601DateFormatter().string(from: now.addingTimeInterval(maxAge))),
        ])
    }

    static func userID(_ raw: String?) throws(CLIError) -> Int64 {
        guard let raw else { return DevCommand.devUser.id }
        guard let id = Int64(raw), id > 0, id < 1 << 52 else {
            throw .usage("--user must be a Telegram user id (a positive whole number), got \"\(raw)\"")
        }
        return id
    }

    /// An IETF language tag as Telegram sends it (`ru`, `en`, `pt-br`).
    static func language(_ raw: String) throws(CLIError) -> String {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        let valid =
            (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLetter } && parts.count <= 2
            && parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard valid else { throw .usage("--lang must be a language code such as ru or en, got \"\(raw)\"") }
        return raw.lowercased()
    }

    /// Telegram's start parameter: 1–64 of A-Z, a-z, 0-9, _ and - (default `dev`).
    static func startParam(_ raw: String?) throws(CLIError) -> String? {
        guard let raw else { return DevLink.defaultStartParam }
        let valid =
            (1...64).contains(raw.utf8.count)
            && raw.utf8.allSatisfy { ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f || $0 == 0x2d }
        guard valid else { throw .usage("--start must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -, got \"\(raw)\"") }
        return raw
    }

    /// The dev server must answer `/healthz`: a link to a server that is gone helps nobody.
    static func checkAnswers(_ server: String, file: String) throws(CLIError) {
        let notRunning = CLIError(
            code: .unavailable,
            message: "the dev server at \(server) (from \(file)) does not answer; is `tessera dev` still running?")
        guard let url = URL(string: server + "/healthz") else { throw notRunning }
        let transport = HTTPTransport(timeout: 3, maxConnectionsPerHost: 1)
        guard let response = try? transport.send(method: "GET", url: url), response.status == 200 else { throw notRunning }
    }
}
