import AppAPI
import Blueprint
import Foundation
import GameFi
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraLog
import TesseraTestSupport
import TesseraCrypto
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running server on a fresh database with two tenants, `coffee-shop` and `events-club`.
final class Harness {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let masterKey = try! MasterKey(hex: String(repeating: "3c", count: 32))
    static let tokens = [
        "coffee-shop": "2000001:HARNESScoffeeAAAAAAAAAAAAAAAAAAAAAA",
        "events-club": "2000002:HARNESSeventsBBBBBBBBBBBBBBBBBBBBBB",
    ]

    let pool: PostgresPool
    let configuration: PostgresConfiguration
    let registry: TenantRegistry
    let provisioner: TenantProvisioner
    let server: HTTPServer
    let context: AppContext
    let logger = Logger(label: "test", minimumLevel: .error)
    var baseURL: String { "http://127.0.0.1:\(server.boundPort)" }

    init(
        watch: Bool = false, maxAge: TimeInterval = 86_400, botAPI: BotAPIClient = BotAPIClient(baseURL: "http://127.0.0.1:9"),
        payments: (any PaymentHandling)? = nil, updates: UpdateJobs.Settings = UpdateJobs.Settings(),
        jobs: JobRunner.Settings = JobRunner.Settings(),
        simulatorURL: String? = nil, membership: (any ChannelMembershipChecker)? = nil, bouncer: PgBouncer? = nil,
        listenThroughBouncer: Bool = true, pollInterval: TimeInterval = 30, probeTimeout: TimeInterval = 5,
        publicURL: String? = nil
    ) throws {
        let url = try TestDatabase.shared.createDatabase(prefix: "appapi")
        let direct = try PostgresConfiguration(url: url)
        // With a bouncer, everything goes through it; the listener too unless told otherwise.
        configuration = bouncer?.through(direct) ?? direct
        pool = PostgresPool(configuration: configuration, maxConnections: 6)
        let sources = try MigrationSources.load(root: Self.repoRoot.appendingPathComponent("Migrations"))
        try PlatformMigrator(pool: pool, sources: sources).migratePlatform()
        provisioner = TenantProvisioner(pool: pool, masterKey: Self.masterKey, tenantMigrations: sources.tenant)
        for slug in ["coffee-shop", "events-club"] {
            try provisioner.create(try Self.manifest(slug), botToken: BotToken(Self.tokens[slug]!)!, blueprint: try Self.blueprint(slug))
        }
        registry = TenantRegistry(pool: pool, masterKey: Self.masterKey, initDataMaxAge: maxAge, logger: logger)
        try registry.reloadAll()
        if watch {
            registry.startWatching(
                configuration: listenThroughBouncer ? configuration : direct, pollInterval: pollInterval, probeTimeout: probeTimeout)
        }
        context = try AppContext(
            registry: registry, pool: pool, initDataMaxAge: maxAge, logger: logger, botAPI: botAPI, payments: payments,
            updateSettings: updates, jobSettings: jobs, simulatorURL: simulatorURL, publicURL: publicURL, membership: membership,
            passwords: Self.passwords)
        context.notifications.start(configuration: listenThroughBouncer ? configuration : direct)
        let router = AppServer.makeRouter(context)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = "127.0.0.1"
        serverConfiguration.port = 0
        server = HTTPServer(configuration: serverConfiguration, logger: logger, router: router)
        try server.start()
    }

    func stop() {
        context.stopAreas()
        server.shutdown(gracePeriod: 2)
        context.notifications.stop()
        context.navigation.stop()
        context.jobs.stop()
        registry.stopWatching()
        pool.close()
    }

    /// Real scrypt with cheap parameters (N = 2^10): tests sign in often, and OWASP's cost is
    /// about a second per hash on a loaded CI machine. Production uses `.owasp`.
    static let passwords = Scrypt.Parameters(logN: 10, r: 8, p: 1)

    static func manifest(_ slug: String) throws -> TenantManifest {
        let json = #"{"slug": "\#(slug)", "title": "\#(slug)", "bot": {"username": "test_bot", "token_env": "T"}, "blueprint": "../blueprints/\#(slug).json"}"#
        return try TenantManifest.parse(Array(json.utf8), file: repoRoot.appendingPathComponent("tenants/\(slug).json").path)
    }

    static func blueprint(_ name: String) throws -> Blueprint {
        let path = repoRoot.appendingPathComponent("blueprints/\(name).json").path
        let data = FileManager.default.contents(atPath: path) ?? Data()
        return try BlueprintLoader.load(Array(data), file: path).get()
    }

    static func user(id: Int64 = 424_242, language: String = "en") -> TelegramUser {
        TelegramUser(
            id: id, firstName: "Ann", lastName: "Lee", username: "ann", languageCode: language, isPremium: true, photoURL: nil,
            allowsWriteToPM: true)
    }

    /// initData for `slug` signed with its bot token (or `token`), as Telegram would.
    static func initData(_ slug: String, user: TelegramUser = user(), authDate: Date = Date(), startParam: String? = nil, token: String? = nil)
        -> String
    {
        InitDataSigner.sign(user: user, authDate: authDate, startParam: startParam, botToken: token ?? tokens[slug]!)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        return try send(request)
    }

    func send(_ request: URLRequest) throws -> Reply {
        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
                box.reply = Reply(status: http.statusCode, headers: headers, body: data ?? Data())
            } else {
                box.error = error
            }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 20) == .success else { throw URLError(.timedOut) }
        session.finishTasksAndInvalidate()
        if let reply = box.reply { return reply }
        throw box.error ?? URLError(.badServerResponse)
    }
}

/// Carries a URLSession completion back to the waiting test thread (guarded by the semaphore).
private final class ReplyBox: @unchecked Sendable {
    var reply: Harness.Reply?
    var error: Error?
}
