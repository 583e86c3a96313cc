import Foundation
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraCrypto
import TesseraLog

/// Staff: who may use a tenant's staff API and back office, and with which role — API tokens,
/// accounts (people, memberships, one-time links), back-office sessions and the audit log.
public struct StaffArea: Area {
    public let authenticator: StaffAuthenticator
    public let accounts: StaffAccounts
    let pool: PostgresPool
    let registry: TenantRegistry
    let botAPI: BotAPIClient
    let logger: Logger
    /// Where the back office is reached (`TESSERA_PUBLIC_URL`): https makes cookies `Secure`,
    /// and links sent by the bot need it.
    let publicURL: String?

    /// `passwords`: scrypt parameters for new hashes (OWASP's by default; tests use cheaper ones).
    public init(_ context: AreaContext, passwords: Scrypt.Parameters = .owasp) {
        pool = context.pool
        registry = context.registry
        botAPI = context.botAPI
        logger = context.logger
        publicURL = context.publicURL
        accounts = StaffAccounts(pool: context.pool, hashing: PasswordHashing(parameters: passwords))
        authenticator = StaffAuthenticator(pool: context.pool, registry: context.registry, accounts: accounts)
    }

    public var name: String { "staff" }
    public var endpoints: [Endpoint] {
        sessionEndpoints + telegramLinkEndpoints + teamEndpoints + auditEndpoints + jobEndpoints
    }
    public var staffAuthenticator: (any StaffAuthenticating)? { authenticator }

    public func registerJobs(on runner: JobRunner) {
        for purpose in [BotLinkJob.Purpose.signIn, .passwordReset] {
            runner.register(purpose.kind) { job in try BotLinkJob(purpose).run(job, area: self) }
        }
        runner.register(TelegramLinking.answerKind) { job in try TelegramLinking(area: self).answer(job) }
    }

    public func startCommand(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool {
        try TelegramLinking(area: self).handle(command, tenant: tenant, conn)
    }
}
