import Blueprint
import Foundation
import Postgres
import Tenancy
import TesseraTestSupport

/// Shared set-up for tests that need a platform database.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let masterKey = try! MasterKey(hex: String(repeating: "5a", count: 32))
    static let tokenA = BotToken("1000001:TESTtokenAAAAAAAAAAAAAAAAAAAAAAAAAAA")!
    static let tokenB = BotToken("1000002:TESTtokenBBBBBBBBBBBBBBBBBBBBBBBBBBB")!

    static func sources() throws -> MigrationSources {
        try MigrationSources.load(root: repoRoot.appendingPathComponent("Migrations"))
    }

    static func blueprint(_ name: String) throws -> Blueprint {
        let path = repoRoot.appendingPathComponent("blueprints/\(name).json").path
        let data = try XCTUnwrapData(FileManager.default.contents(atPath: path), path)
        return try BlueprintLoader.load(Array(data), file: path).get()
    }

    static func manifest(_ slug: String, title: String = "Test tenant") throws -> TenantManifest {
        let json = #"{"slug": "\#(slug)", "title": "\#(title)", "bot": {"username": "test_bot", "token_env": "TEST_TOKEN"}, "blueprint": "../blueprints/coffee-shop.json"}"#
        return try TenantManifest.parse(Array(json.utf8), file: repoRoot.appendingPathComponent("tenants/\(slug).json").path)
    }

    /// A fresh database with the platform schema migrated, and a pool on it.
    static func platformPool() throws -> (PostgresPool, PostgresConfiguration) {
        let url = try TestDatabase.shared.createDatabase(prefix: "tenancy")
        let configuration = try PostgresConfiguration(url: url)
        let pool = PostgresPool(configuration: configuration, maxConnections: 4)
        try PlatformMigrator(pool: pool, sources: try sources()).migratePlatform()
        return (pool, configuration)
    }

    struct MissingFile: Error { var path: String }

    static func XCTUnwrapData(_ data: Data?, _ path: String) throws -> Data {
        guard let data else { throw MissingFile(path: path) }
        return data
    }
}
