import Postgres
import Telegram
import TelegramSimulator
import Tenancy
import TesseraLog
import XCTest

final class WebhookRegistrarTests: XCTestCase {
    var pool: PostgresPool!
    var simulator: TelegramSimulator!
    var registrar: WebhookRegistrar!
    let slug = try! TenantSlug("coffee-shop")

    override func setUpWithError() throws {
        (pool, _) = try Fixtures.platformPool()
        let provisioner = TenantProvisioner(
            pool: pool, masterKey: Fixtures.masterKey, tenantMigrations: try Fixtures.sources().tenant)
        try provisioner.create(
            try Fixtures.manifest("coffee-shop"), botToken: Fixtures.tokenA,
            blueprint: try Fixtures.blueprint("coffee-shop"))
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        try simulator.addBot(token: Fixtures.tokenA.value)
        registrar = WebhookRegistrar(
            pool: pool, masterKey: Fixtures.masterKey, client: BotAPIClient(baseURL: simulator.baseURL),
            publicBaseURL: "https://tessera.example.com/")
    }

    override func tearDown() {
        simulator?.shutdown()
        pool?.close()
    }

    func record() throws -> TenantRecord { try pool.withConnection { try TenantCatalog().require(slug, $0) } }

    func test_create_storesASealedWebhookSecret() throws {
        let sealed = try XCTUnwrap(try record().webhookSecretSealed)
        let secret = try WebhookSecret.open(sealed, slug: slug, masterKey: Fixtures.masterKey)
        XCTAssertEqual(secret.value.count, 43)
        XCTAssertFalse(String(decoding: sealed, as: UTF8.self).contains(secret.value), "stored in clear")
        XCTAssertThrowsError(
            try Fixtures.masterKey.open(sealed, context: slug.rawValue), "bound to its purpose, not just the slug")
        XCTAssertFalse(String(describing: secret).contains(secret.value))
    }

    func test_register_callsSetWebhookWithTheStoredSecret() throws {
        let url = try registrar.register(slug)
        XCTAssertEqual(url, "https://tessera.example.com/telegram/coffee-shop/webhook")
        let stored = try WebhookSecret.open(
            try XCTUnwrap(try record().webhookSecretSealed), slug: slug, masterKey: Fixtures.masterKey)
        XCTAssertEqual(simulator.webhook(botID: Fixtures.tokenA.botID)?.url, url)
        XCTAssertEqual(simulator.webhook(botID: Fixtures.tokenA.botID)?.secretToken, stored.value)
        XCTAssertEqual(registrar.appURL(slug), "https://tessera.example.com/app/coffee-shop/")
        // The menu button is the bot profile's (Kernel's BotProfileJob), not the webhook's.
        XCTAssertEqual(simulator.menuButton(botID: Fixtures.tokenA.botID), ["type": "default"])
    }

    func test_ensureSecret_generatesOneForATenantWithoutAndKeepsIt() throws {
        try pool.execute("UPDATE platform.tenants SET webhook_secret_sealed = NULL")
        let (first, token) = try registrar.ensureSecret(slug)
        XCTAssertEqual(token, Fixtures.tokenA)
        XCTAssertNotNil(try record().webhookSecretSealed)
        XCTAssertEqual(try registrar.ensureSecret(slug).0, first)
    }

    func test_register_reportsBotAPIErrors() throws {
        simulator.injectFault(
            botID: Fixtures.tokenA.botID, method: "setWebhook", errorCode: 400,
            description: "Bad Request: bad webhook: Failed to resolve host")
        XCTAssertThrowsError(try registrar.register(slug)) {
            XCTAssertEqual($0 as? BotAPIError, .badRequest("Bad Request: bad webhook: Failed to resolve host"))
        }
    }

    func test_secret_matchesOnlyItself() {
        let secret = WebhookSecret(value: "abc")
        XCTAssertTrue(secret.matches("abc"))
        XCTAssertFalse(secret.matches("abd"))
        XCTAssertFalse(secret.matches("ab"))
        XCTAssertFalse(secret.matches(nil))
    }
}
