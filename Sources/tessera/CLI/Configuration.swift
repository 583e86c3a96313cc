import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraLog

/// Settings from the environment; command flags override them.
struct Configuration {
    var environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

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

    func masterKey() throws(CLIError) -> MasterKey {
        guard let hex = environment["TESSERA_MASTER_KEY"], !hex.isEmpty else {
            throw .config("TESSERA_MASTER_KEY is not set (64 hex characters; generate one with `openssl rand -hex 32`)")
        }
        do { return try MasterKey(hex: hex) } catch { throw .config(error.description) }
    }

    func port(flag: String?) throws(CLIError) -> Int {
        let raw = flag ?? environment["PORT"] ?? "8080"
        guard let port = Int(raw), (0...65535).contains(port) else {
            let message = "invalid port \"\(raw)\": expected 0–65535"
            throw flag != nil ? .usage("--port: " + message) : .config("PORT: " + message)
        }
        return port
    }

    /// Maximum age of initData's auth_date, `TESSERA_INIT_DATA_MAX_AGE` seconds (default 24 h).
    func initDataMaxAge() throws(CLIError) -> TimeInterval {
        guard let raw = environment["TESSERA_INIT_DATA_MAX_AGE"] else { return 86_400 }
        guard let seconds = Int(raw), seconds > 0 else {
            throw .config("TESSERA_INIT_DATA_MAX_AGE must be a positive number of seconds")
        }
        return TimeInterval(seconds)
    }

    var telegramAPIURL: String {
        guard let url = environment["TELEGRAM_API_URL"], !url.isEmpty else { return BotAPIClient.defaultBaseURL }
        return url
    }

    /// The Bot API client on `TELEGRAM_API_URL`.
    func botAPIClient() -> BotAPIClient { BotAPIClient(baseURL: telegramAPIURL) }

    /// Where Telegram reaches this installation (`TESSERA_PUBLIC_URL`, e.g. `https://tessera.example.com`);
    /// webhooks are registered only when it is set.
    func publicURL() throws(CLIError) -> String? {
        guard let raw = environment["TESSERA_PUBLIC_URL"], !raw.isEmpty else { return nil }
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw .config("TESSERA_PUBLIC_URL must be an absolute http(s) URL, e.g. https://tessera.example.com")
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
