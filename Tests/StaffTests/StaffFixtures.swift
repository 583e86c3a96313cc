import Foundation
import Kernel
import Postgres
import Staff
import Tenancy
import TesseraCrypto
import TesseraTestSupport

/// A fresh platform database per test, with tenants inserted straight into the catalog (the
/// staff tables only need their rows), and an authenticator with cheap scrypt parameters.
struct StaffFixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Fast parameters: these tests are about the flows, ScryptTests about the cost.
    static let fastHashing = PasswordHashing(parameters: .init(logN: 4, r: 1, p: 1), concurrency: 4)
    /// 2026-12-01 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_796_126_400)

    let pool: PostgresPool
    let configuration: PostgresConfiguration

    init(prefix: String = "staff", maxConnections: Int = 12) throws {
        configuration = try PostgresConfiguration(url: try TestDatabase.shared.createDatabase(prefix: prefix))
        pool = PostgresPool(configuration: configuration, maxConnections: maxConnections)
        let sources = try MigrationSources.load(root: Self.repoRoot.appendingPathComponent("Migrations"))
        try PlatformMigrator(pool: pool, sources: sources).migratePlatform()
    }

    func authenticator(_ policy: SessionPolicy = SessionPolicy()) -> StaffAccounts {
        StaffAccounts(pool: pool, hashing: Self.fastHashing, sessionPolicy: policy)
    }

    /// A catalog row for `slug` (no schema, no bot: enough for memberships and links).
    func tenant(_ slug: String) throws -> TenantRecord {
        try pool.withConnection { conn in
            try conn.execute(
                """
                INSERT INTO platform.tenants (slug, title, schema_name, bot_username, bot_token_sealed)
                VALUES (\(slug), \("Tenant " + slug), \("t_" + slug.replacingOccurrences(of: "-", with: "_")), 'test_bot', '\\x00'::bytea)
                """)
            return try TenantCatalog().require(try TenantSlug(slug), conn)
        }
    }

    /// A person with a password and the role in the tenant, made through an accepted invitation.
    @discardableResult
    func staff(_ email: String, _ role: StaffRole, of tenant: TenantRecord, password: String = "correct horse battery")
        throws -> StaffAccounts.SignedIn
    {
        let (token, _) = try pool.withConnection {
            try StaffLinkStore().createInvitation(
                tenantID: tenant.id, role: role, email: try EmailAddress(email), now: Self.now, $0)
        }
        return try authenticator().acceptInvitation(
            token: token.value, displayName: "Person " + email, password: password, client: Self.client, now: Self.now)
    }

    static let client = StaffAccounts.Client(address: "192.0.2.10", userAgent: "Tests/1.0")

    func close() { pool.close() }
}

/// Runs `count` copies of `body` on their own threads, all released at once, and returns their results.
func inParallel<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let results = ResultsBox<T>(count)
    let start = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            start.wait()
            results.set(index, Result { try body(index) })
            group.leave()
        }.start()
    }
    for _ in 0..<count { start.signal() }
    group.wait()
    return results.all
}

/// Results written by the threads of `inParallel`, each slot by one thread, under `lock`.
final class ResultsBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { slots[index] = result } }
    var all: [Result<T, any Error>] { lock.withLock { slots.map { $0! } } }
}
