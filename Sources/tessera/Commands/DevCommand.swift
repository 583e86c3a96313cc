import Blueprint
import Foundation
import Kernel
import Postgres
import Staff
import Telegram
import TelegramSimulator
import Tenancy
import TesseraCrypto
import TesseraJSON
import TesseraLog

/// `tessera dev`: a private PostgreSQL, every manifest in tenants/, the server, and sign-in links.
enum DevCommand {
    static let devUser = TelegramUser(
        id: 100_000_001, firstName: "Dev", lastName: "User", username: "dev_user", languageCode: "en", isPremium: false,
        photoURL: nil, allowsWriteToPM: true)

    static let subcommands = ["link"]

    static func run(_ argv: [String]) throws(CLIError) {
        if let sub = argv.first, !sub.hasPrefix("-") {
            guard sub == "link" else {
                throw .usage("unknown dev subcommand \"\(sub)\" (expected \(subcommands.joined(separator: ", ")))")
            }
            return try DevLinkCommand.run(Array(argv.dropFirst()))
        }
        let args = try Arguments(argv, flags: [], options: ["port", "data-dir", "tenants", "pg-port"])
        if args.help { return Output.line(HelpText.dev) }
        try args.expectPositionals(0)
        var configuration = Configuration.processOnly()
        // Before starting PostgreSQL or the simulator: what is set must be valid.
        try configuration.validate()
        let port = try configuration.port(flag: args.options["port"])
        let dataDir = URL(fileURLWithPath: args.options["data-dir"] ?? ".tessera").standardizedFileURL
        let tenantsDir = args.options["tenants"] ?? "tenants"
        guard let pgPort = Int(args.options["pg-port"] ?? "54329"), (1...65535).contains(pgPort) else {
            throw .usage("--pg-port must be a port number")
        }
        let logger = Logger.fromEnvironment(label: "tessera.dev")
        do {
            try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        } catch {
            throw .failure("cannot create \(dataDir.path): \(error.localizedDescription)")
        }

        var embedded: EmbeddedPostgres?
        if configuration.environment["DATABASE_URL"]?.isEmpty ?? true {
            let pg = EmbeddedPostgres(directory: dataDir.appendingPathComponent("postgres"), port: pgPort, logger: logger)
            Output.line("starting private PostgreSQL in \(dataDir.path)/postgres …")
            do {
                configuration.environment["DATABASE_URL"] = try pg.start()
            } catch {
                throw CLIError(code: .unavailable, message: "cannot start the private PostgreSQL: \(error)")
            }
            embedded = pg
        }
        defer { embedded?.stop() }

        var keyFile: URL?
        if configuration.environment["TESSERA_MASTER_KEY"]?.isEmpty ?? true {
            let file = dataDir.appendingPathComponent("master.key")
            configuration.environment["TESSERA_MASTER_KEY"] = try secretFile(file) { MasterKey.generateHex() }
            keyFile = file
        }

        // The Bot API: the real one when TELEGRAM_API_URL says so, else a simulator in-process.
        var simulator: TelegramSimulator?
        if configuration.environment["TELEGRAM_API_URL"]?.isEmpty ?? true {
            let sim = TelegramSimulator(acceptAnyToken: true, logger: logger)
            do { try sim.start() } catch { throw .failure("cannot start the Telegram simulator: \(error)") }
            configuration.environment["TELEGRAM_API_URL"] = sim.baseURL
            simulator = sim
        }
        defer { simulator?.shutdown() }

        let platform = try Platform.open(configuration, migrate: false, logLevel: .info, poolSize: try configuration.poolSize())
        _ = try MigrateCommand.migrate(platform)
        let tenants = try provisionAll(platform, directory: tenantsDir, dataDir: dataDir)
        seedDemos(platform, tenants, directory: tenantsDir)
        if let simulator { registerBots(simulator, tenants) }
        let office = try demoOwner(platform, tenants: tenants, dataDir: dataDir)

        // Removed when dev stops, so no command keeps using a database that is gone.
        let envFile = dataDir.appendingPathComponent(DevEnvironment.fileName)
        defer { try? FileManager.default.removeItem(at: envFile) }
        // With the simulator in-process, browsers outside Telegram pay shop orders through it.
        try ServeCommand.serve(platform, host: "127.0.0.1", port: port, simulatorURL: simulator?.baseURL) { server in
            let webhooks = registerWebhooks(platform, tenants, port: server.boundPort, simulated: simulator != nil)
            let written = writeEnvironment(
                platform.configuration, to: envFile, port: server.boundPort, keyFile: keyFile, simulated: simulator != nil)
            Output.line("")
            Output.line("Tessera dev server on http://127.0.0.1:\(server.boundPort)  (Ctrl-C stops everything)")
            for tenant in tenants {
                Output.line("  \(tenant.slug): \(link(port: server.boundPort, slug: tenant.slug, token: tenant.token))")
            }
            if let simulator {
                Output.line("")
                Output.line("Telegram simulator on \(simulator.baseURL) (docs/telegram.md); webhooks: \(webhooks)")
                if let first = tenants.first {
                    Output.line(
                        "  try: curl -X POST \(simulator.baseURL)/sim/bots/\(first.token.botID)/users/42/start -d '{\"payload\":\"dev\"}'")
                }
                for tenant in tenants {
                    for channel in tenant.questChannels {
                        Output.line(
                            "  join \(channel) (\(tenant.slug)'s quest): curl -X POST \(simulator.baseURL)/sim/bots/\(tenant.token.botID)/channels/\(channel.dropFirst())/members -d '{\"user_id\":\(devUser.id)}'"
                        )
                    }
                }
            }
            Output.line("Links sign in a fake Telegram user (id \(devUser.id)) and expire after TESSERA_INIT_DATA_MAX_AGE (24 h);")
            Output.line("  another tenant, user, language or start parameter: tessera dev link --tenant SLUG [--user ID] [--lang ru] [--start P]")
            if written {
                let custom = envFile.path != URL(fileURLWithPath: DevEnvironment.defaultPath).standardizedFileURL.path
                Output.line("")
                Output.line("CLI settings in \(envFile.path) (mode 0600, removed on exit): tessera commands run")
                Output.line(
                    custom
                        ? "  with TESSERA_DEV_ENV=\(envFile.path) and without DATABASE_URL use this dev server's database and key."
                        : "  here without DATABASE_URL use this dev server's database and key.")
            }
            Output.line("")
            Output.line("Back office: http://127.0.0.1:\(server.boundPort)/office/  — sign in as \(office.email) with password \(office.password)")
            Output.line("  (owner of every sample tenant; the password is kept in \(dataDir.path)/office-password)")
            Output.line("")
        }
    }

    /// Writes the settings other commands need to reach this dev installation (`DevEnvironment`);
    /// false (after saying why) when the file cannot be written.
    static func writeEnvironment(_ configuration: Configuration, to file: URL, port: Int, keyFile: URL?, simulated: Bool) -> Bool {
        let server = "http://127.0.0.1:\(port)"
        var variables: [(key: String, value: String)] = []
        if let url = configuration.environment["DATABASE_URL"] { variables.append(("DATABASE_URL", url)) }
        // The key's path, not the key: the value stays in its own 0600 file.
        if let keyFile { variables.append(("TESSERA_MASTER_KEY_FILE", keyFile.path)) }
        // Webhooks of tenants created from the CLI reach this server (through the simulator, or
        // at the public URL dev was given).
        if let publicURL = (try? configuration.publicURL()) ?? nil {
            variables.append(("TESSERA_PUBLIC_URL", publicURL))
        } else if simulated {
            variables.append(("TESSERA_PUBLIC_URL", server))
        }
        variables.append(("TELEGRAM_API_URL", configuration.telegramAPIURL))
        if let migrations = configuration.environment["TESSERA_MIGRATIONS_DIR"], !migrations.isEmpty {
            variables.append(("TESSERA_MIGRATIONS_DIR", migrations))
        }
        variables.append((DevEnvironment.serverURLKey, server))
        let header = """
            Written by `tessera dev` (pid \(getpid())) at \(ISO8601DateFormatter().string(from: Date())); removed when it stops.
            tessera commands without DATABASE_URL read the variables they lack from here (docs/cli.md).
            """
        do {
            try writePrivate(Data(DevEnvironment(variables: variables).rendered(header: header).utf8), to: file)
            return true
        } catch {
            Output.error("CLI settings not written: \(error.message)")
            return false
        }
    }

    /// Seeds every tenant that has a demo file; a bad file is reported and the server starts anyway.
    static func seedDemos(_ platform: Platform, _ tenants: [DevTenant], directory: String) {
        for tenant in tenants {
            let path = TenantSeedCommand.defaultFile(tenant.slug, tenantsDirectory: directory)
            guard FileManager.default.fileExists(atPath: path), let slug = try? TenantSlug(tenant.slug) else { continue }
            do {
                let file = try TenantSeedCommand.load(path, slug: slug)
                let report = try TenantSeedCommand.seed(platform, file) { _ in }
                Output.line("\(tenant.slug): \(TenantSeedCommand.summary(report))")
            } catch {
                Output.error("\(tenant.slug): demo content not seeded: \(error)")
            }
        }
    }

    /// Registers every tenant's webhook (in the simulator, or at TESSERA_PUBLIC_URL); returns a summary.
    static func registerWebhooks(_ platform: Platform, _ tenants: [DevTenant], port: Int, simulated: Bool) -> String {
        let configured = (try? platform.configuration.publicURL()) ?? nil
        guard let base = configured ?? (simulated ? "http://127.0.0.1:\(port)" : nil),
            let masterKey = try? platform.configuration.masterKey()
        else { return "not registered (set TESSERA_PUBLIC_URL)" }
        let registrar = WebhookRegistrar(
            pool: platform.pool, masterKey: masterKey, client: platform.configuration.botAPIClient(), publicBaseURL: base)
        var failed = 0
        for tenant in tenants {
            guard let slug = try? TenantSlug(tenant.slug) else { continue }
            do {
                try registrar.register(slug)
                // The in-process simulator starts empty: what an earlier session pushed is gone.
                if simulated {
                    let schema = slug.schema
                    try platform.pool.withConnection { try BotProfileStore(schema: schema).forget($0) }
                }
                _ = try BotProfileQueueing.enqueue(platform, slug, base: base)
            } catch {
                failed += 1
                Output.error("\(tenant.slug): webhook not registered: \(error)")
            }
        }
        return failed == 0 ? "\(tenants.count) registered" : "\(tenants.count - failed) of \(tenants.count) registered"
    }

    /// A provisioned tenant and its development bot.
    struct DevTenant {
        var slug: String
        var token: BotToken
        var botUsername: String
        /// The channels of the blueprint's subscribe_channel quests (`@name`).
        var questChannels: [String] = []
    }

    /// Adds every tenant's bot to the simulator, an administrator of its quests' channels, so a
    /// subscribe_channel claim gets Telegram's answer for a real channel (`not_subscribed` until
    /// the user joins through the control API) instead of `chat not found`.
    static func registerBots(_ simulator: TelegramSimulator, _ tenants: [DevTenant]) {
        for tenant in tenants {
            guard let bot = try? simulator.addBot(token: tenant.token.value, username: tenant.botUsername) else { continue }
            for channel in tenant.questChannels {
                simulator.addChannel(botID: bot, channel: channel)
            }
        }
    }

    /// The channels of a blueprint's subscribe_channel quests, in their order.
    static func questChannels(_ blueprint: Blueprint) -> [String] {
        var channels: [String] = []
        for section in blueprint.sections {
            guard case .gamefi(let settings) = section.kind else { continue }
            for quest in settings.quests {
                if case .subscribeChannel(let channel) = quest.kind, !channels.contains(channel) { channels.append(channel) }
            }
        }
        return channels
    }

    /// A signed-in link for the fake dev user (what `tessera dev link` prints by default).
    static func link(port: Int, slug: String, token: BotToken) -> String {
        DevLink(server: "http://127.0.0.1:\(port)", slug: slug, user: devUser, startParam: DevLink.defaultStartParam)
            .url(token: token, at: Date())
    }

    /// Creates or updates every tenant in `directory`; returns each slug with its bot token.
    static func provisionAll(_ platform: Platform, directory: String, dataDir: URL) throws(CLIError) -> [DevTenant] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        guard !files.isEmpty else { throw .config("no tenant manifests in \(directory)/") }
        let provisioner = try platform.provisioner()
        let tokens = try devTokens(dataDir.appendingPathComponent("dev-bots.json"))
        var result: [DevTenant] = []
        for file in files {
            let path = directory + "/" + file
            var environment = platform.configuration.environment
            let manifest: TenantManifest
            do { manifest = try TenantManifest.load(file: path) } catch { throw .data(error.description) }
            if environment[manifest.tokenEnv]?.isEmpty ?? true {
                environment[manifest.tokenEnv] = try tokens.token(for: manifest.slug.rawValue)
            }
            let (_, blueprint, token) = try TenantCommand.loadManifest(path, requireToken: true, environment: environment)
            try platform.attempt {
                let exists = try platform.pool.withConnection { try TenantCatalog().find(manifest.slug, $0) } != nil
                if exists {
                    let outcome = try provisioner.apply(manifest, botToken: token, blueprint: blueprint)
                    Output.line("\(manifest.slug): " + (outcome.newVersion.map { "blueprint version \($0) is live" } ?? "up to date"))
                    for line in outcome.diff { Output.line("    " + line) }
                } else {
                    try provisioner.create(manifest, botToken: token!, blueprint: blueprint)
                    Output.line("\(manifest.slug): created")
                }
            }
            result.append(
                DevTenant(
                    slug: manifest.slug.rawValue, token: token!, botUsername: manifest.botUsername,
                    questChannels: questChannels(blueprint)))
        }
        return result
    }

    /// Development bot tokens, generated once per tenant and kept in `.tessera/dev-bots.json`.
    final class DevTokens {
        let file: URL
        var tokens: [String: String]

        init(file: URL, tokens: [String: String]) {
            self.file = file
            self.tokens = tokens
        }

        func token(for slug: String) throws(CLIError) -> String {
            if let t = tokens[slug] { return t }
            let id = 7_000_000_000 + Int64(tokens.count + 1)
            let token = "\(id):DEV\(Base64URL.encode(SecureRandom.bytes(24)))"
            tokens[slug] = token
            let object = JSONObject(tokens.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
            try DevCommand.writePrivate(Data(JSONValue.object(object).prettyPrinted().utf8), to: file)
            return token
        }
    }

    static func devTokens(_ file: URL) throws(CLIError) -> DevTokens {
        var tokens: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: file.path), let value = try? JSONParser.parse(Array(data)),
            case .object(let object) = value
        {
            for (key, value) in object { if let s = value.stringValue { tokens[key] = s } }
        }
        return DevTokens(file: file, tokens: tokens)
    }

    /// Reads a secret file, creating it (mode 0600) with `make()` when missing.
    /// The demo back-office owner of every dev tenant: `owner@tessera.dev` with a random password
    /// kept in the data directory (made once, set again at every start).
    static func demoOwner(_ platform: Platform, tenants: [DevTenant], dataDir: URL) throws(CLIError) -> (email: String, password: String) {
        let email = "owner@tessera.dev"
        let password = try secretFile(dataDir.appendingPathComponent("office-password")) {
            Base64URL.encode(SecureRandom.bytes(12))
        }
        do {
            let accounts = StaffAccounts(pool: platform.pool, hashing: PasswordHashing())
            let address = try EmailAddress(email)
            let person = try platform.pool.withConnection { try StaffDirectory().findOrCreate(email: address, displayName: "Demo owner", $0) }
            try accounts.setPassword(password, personID: person.id)
            try platform.pool.withConnection { conn in
                for tenant in tenants {
                    guard let id = try conn.query("SELECT id FROM platform.tenants WHERE slug = \(tenant.slug)").first?.decode(Int64.self, 0)
                    else { continue }
                    _ = try StaffDirectory().addMember(personID: person.id, tenantID: id, role: .owner, conn)
                }
            }
        } catch {
            throw .failure("cannot set up the demo back-office owner: \(error)")
        }
        return (email, password)
    }

    static func secretFile(_ url: URL, make: () -> String) throws(CLIError) -> String {
        if let data = FileManager.default.contents(atPath: url.path) {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let value = make()
        try writePrivate(Data(value.utf8), to: url)
        return value
    }

    /// Writes a secret file that is mode 0600 from the moment it exists (no chmod window).
    static func writePrivate(_ data: Data, to url: URL) throws(CLIError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .failure("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .failure("cannot write \(url.path): \(String(cString: strerror(errno)))") }
    }
}
