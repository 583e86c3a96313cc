import Foundation
import Postgres

/// The SQL files under `Migrations/platform` and `Migrations/tenant`.
public struct MigrationSources: Sendable {
    public var platform: [Migration]
    public var tenant: [Migration]

    public init(platform: [Migration], tenant: [Migration]) {
        self.platform = platform
        self.tenant = tenant
    }

    /// Loads `<root>/platform` and `<root>/tenant`.
    public static func load(root: URL) throws -> MigrationSources {
        MigrationSources(
            platform: try Migration.loadDirectory(root.appendingPathComponent("platform")),
            tenant: try Migration.loadDirectory(root.appendingPathComponent("tenant")))
    }

    /// Finds the `Migrations` folder: `TESSERA_MIGRATIONS_DIR`, else `./Migrations`, else the first
    /// `Migrations` folder above the running executable (a checkout's `.build/…/tessera`).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let fm = FileManager.default
        if let explicit = environment["TESSERA_MIGRATIONS_DIR"] {
            guard fm.fileExists(atPath: explicit) else { throw TenancyError.migrationsNotFound(explicit) }
            return URL(fileURLWithPath: explicit)
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Migrations")
        if fm.fileExists(atPath: cwd.appendingPathComponent("platform").path) { return cwd }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Migrations")
            if fm.fileExists(atPath: candidate.appendingPathComponent("platform").path) { return candidate }
            dir.deleteLastPathComponent()
        }
        throw TenancyError.migrationsNotFound(cwd.path)
    }
}
