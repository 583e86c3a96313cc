import Foundation
import Postgres
import Tenancy
import TesseraLog

/// What data commands share: the validated configuration, a small pool on DATABASE_URL with the
/// platform schema migrated.
struct Platform {
    let configuration: Configuration
    let pool: PostgresPool
    let sources: MigrationSources
    let logger: Logger

    /// `logLevel` applies unless TESSERA_LOG_LEVEL says otherwise: one-shot commands only log errors,
    /// so their output stays the command's own.
    /// `poolSize`: connections of the pool (one-shot commands need few; servers pass `TESSERA_DB_POOL_SIZE`).
    static func open(
        _ configuration: Configuration = Configuration(), migrate: Bool = true, logLevel: LogLevel = .error, poolSize: Int = 4
    ) throws(CLIError) -> Platform {
        try configuration.validate()
        let level = try configuration.logLevel() ?? logLevel
        let logger = Logger(label: "tessera", minimumLevel: level)
        let db = try configuration.databaseURL()
        let sources = try configuration.migrations()
        let pool = configuration.pool(db, logger: logger, maxConnections: poolSize)
        let platform = Platform(configuration: configuration, pool: pool, sources: sources, logger: logger)
        if migrate {
            try platform.attempt { try PlatformMigrator(pool: pool, sources: sources).migratePlatform() }
        }
        return platform
    }

    /// Runs `body`, mapping failures to CLI errors with the right exit code.
    @discardableResult
    func attempt<T>(_ body: () throws -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch let error as CLIError {
            throw error
        } catch let error as TenancyError {
            throw .failure(error.description)
        } catch let error as PostgresError {
            if error.kind == .connection || error.kind == .poolTimeout {
                throw CLIError(code: .unavailable, message: "database unavailable: \(error.message)")
            }
            throw .failure("database error: \(error)")
        } catch {
            throw .failure(String(describing: error))
        }
    }

    func provisioner() throws(CLIError) -> TenantProvisioner {
        TenantProvisioner(pool: pool, masterKey: try configuration.masterKey(), tenantMigrations: sources.tenant)
    }
}
