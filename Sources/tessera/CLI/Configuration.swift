import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Settings from the environment; command flags override them.
struct Configuration {
    var environment: [String: String]

    /// The process's environment, completed from a running `tessera dev`'s file when it has no
    /// DATABASE_URL (`DevEnvironment`).
    init(environment: [String: String] = DevEnvironment.merged(into: ProcessInfo.processInfo.environment)) {
        self.environment = environment
    }

    /// The process's environment only: for the servers (`serve`, `dev`, `telegram-sim`), which
    /// must never pick up the settings a dev server left behind.
    static func processOnly() -> Configuration { Configuration(environment: ProcessInfo.processInfo.environment) }

    /// Checks every setting that is present, whether or not the command at hand uses it, so every
    /// command refuses the same bad configuration the same way: exit 78 and one line naming the
    /// variable and what is wrong (never a secret's value). Required settings are then demanded
    /// by the accessors of the commands that need them.
    func validate() throws(CLIError) {
        if isSet("DATABASE_URL") { _ = try databaseURL() }
        if isSet("TESSERA_LISTEN_DATABASE_URL") { _ = try listenDatabaseURL() }
        if isSet("TESSERA_MASTER_KEY") || isSet("TESSERA_MASTER_KEY_FILE") { _ = try masterKey() }
        _ = try port(flag: nil)
        _ = try poolSize()
        _ = try httpWorkers()
        _ = try initDataMaxAge()
        _ = try logLevel()
        _ = try httpURL("TELEGRAM_API_URL", example: "https://api.telegram.org")
        _ = try publicURL()
    }

    private func isSet(_ name: String) -> Bool { !(environment[name]?.isEmpty ?? true) }

    func databaseURL() throws(CLIError) -> PostgresConfiguration {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw .config("DATABASE_URL is not set (e.g. postgres://user@localhost:5432/tessera); `tessera dev` starts a private PostgreSQL instead")
        }
        do {
            return try PostgresConfiguration(url: url)
        } catch {
            throw .config("DATABASE_URL is invalid: \(error)")
        }
    }

    /// The connection the LISTEN/NOTIFY listener uses (`TESSERA_LISTEN_DATABASE_URL`, default
    /// DATABASE_URL). LISTEN needs a session of its own on PostgreSQL: behind a PgBouncer in
    /// transaction or statement mode this must point at PostgreSQL directly (or at a session-mode pool).
    func listenDatabaseURL() throws(CLIError) -> PostgresConfiguration {
        guard let url = environment["TESSERA_LISTEN_DATABASE_URL"], !url.isEmpty else { return try databaseURL() }
        do {
            return try PostgresConfiguration(url: url)
        } catch {
            throw .config("TESSERA_LISTEN_DATABASE_URL is invalid: \(error)")
        }
    }

    /// `TESSERA_LOG_LEVEL` (debug, info, warning, error), if set.
    func logLevel() throws(CLIError) -> LogLevel? {
        guard let raw = environment["TESSERA_LOG_LEVEL"], !raw.isEmpty else { return nil }
        guard let level = LogLevel(name: raw) else {
            throw .config("TESSERA_LOG_LEVEL must be one of debug, info, warning, error")
        }
        return level
    }

    /// `TESSERA_MASTER_KEY`, or the contents of the file `TESSERA_MASTER_KEY_FILE` names (what
    /// `tessera dev` writes into its dev.env: the path of its key, not the key).
    func masterKey() throws(CLIError) -> MasterKey {
        if let hex = environment["TESSERA_MASTER_KEY"], !hex.isEmpty {
            do { return try MasterKey(hex: hex) } catch { throw .config(error.description) }
        }
        guard let path = environment["TESSERA_MASTER_KEY_FILE"], !path.isEmpty else {
            throw .config("TESSERA_MASTER_KEY is not set (64 hex characters; generate one with `openssl rand -hex 32`)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .config("TESSERA_MASTER_KEY_FILE: \(path) cannot be read")
        }
        let hex = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do { return try MasterKey(hex: hex) } catch { throw .config("TESSERA_MASTER_KEY_FILE \(path): \(error.description)") }
    }

    func port(flag: String?) throws(CLIError) -> Int {
        let raw = flag ?? environment["PORT"] ?? "8080"
        guard let port = Int(raw), (0...65535).contains(port) else {
            let message = "invalid port \"\(raw)\": expected 0–65535"
            throw flag != nil ? .usage("--port: " + message) : .config("PORT: " + message)
        }
        return port
    }

    /// Connections the server's pool may open (`TESSERA_DB_POOL_SIZE`, default 10); one-shot
    /// commands use fewer.
    func poolSize() throws(CLIError) -> Int {
        try positiveInteger("TESSERA_DB_POOL_SIZE", default: 10, max: 1_000)
    }

    /// HTTP worker threads (`TESSERA_HTTP_WORKERS`, default 32). Handlers block on PostgreSQL —
    /// a navigation-event request waits for its group commit — so workers are sized for
    /// waiting, not for cores; idle ones cost a parked thread each. Cached screens take none
    /// (they are answered on the event loops).
    func httpWorkers() throws(CLIError) -> Int {
        try positiveInteger("TESSERA_HTTP_WORKERS", default: 32, max: 1_024)
    }

    private func positiveInteger(_ name: String, default value: Int, max: Int) throws(CLIError) -> Int {
        guard let raw = environment[name], !raw.isEmpty else { return value }
        guard let n = Int(raw), (1...max).contains(n) else { throw .config("\(name) must be a whole number from 1 to \(max)") }
        return n
    }

    /// Maximum age of initData's auth_date, `TESSERA_INIT_DATA_MAX_AGE` seconds (default 24 h).
    func initDataMaxAge() throws(CLIError) -> TimeInterval {
        guard let raw = environment["TESSERA_INIT_DATA_MAX_AGE"] else { return 86_400 }
        guard let seconds = Int(raw), seconds > 0 else {
            throw .config("TESSERA_INIT_DATA_MAX_AGE must be a positive number of seconds")
        }
        return TimeInterval(seconds)
    }

    /// `TELEGRAM_API_URL` (default the public Bot API); `validate()` has checked its form.
    var telegramAPIURL: String {
        guard let url = environment["TELEGRAM_API_URL"], !url.isEmpty else { return BotAPIClient.defaultBaseURL }
        return url
    }

    /// The Bot API client on `TELEGRAM_API_URL`.
    func botAPIClient() -> BotAPIClient { BotAPIClient(baseURL: telegramAPIURL) }

    /// Where Telegram reaches this installation (`TESSERA_PUBLIC_URL`, e.g. `https://tessera.example.com`);
    /// webhooks are registered only when it is set.
    func publicURL() throws(CLIError) -> String? {
        try httpURL("TESSERA_PUBLIC_URL", example: "https://tessera.example.com")
    }

    /// The variable's value if set; it must be an absolute http(s) URL.
    private func httpURL(_ name: String, example: String) throws(CLIError) -> String? {
        guard let raw = environment[name], !raw.isEmpty else { return nil }
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw .config("\(name) must be an absolute http(s) URL, e.g. \(example)")
        }
        return raw
    }

    func pool(_ configuration: PostgresConfiguration, logger: Logger, maxConnections: Int = 10) -> PostgresPool {
        PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: logger)
    }

    func migrations() throws(CLIError) -> MigrationSources {
        do {
            return try MigrationSources.load(root: try MigrationSources.locate(environment: environment))
        } catch {
            throw .config(String(describing: error))
        }
    }
}
