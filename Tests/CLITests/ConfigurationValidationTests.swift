import Foundation
import TesseraTestSupport
import XCTest

/// Every command that reads configuration refuses the same bad setting the same way: exit 78
/// (EX_CONFIG) and one line naming the variable, without its value.
final class ConfigurationValidationTests: XCTestCase {
    static let shortKey = "0123abcd"

    func cli(_ overrides: [String: String]) throws -> CLIRunner {
        var environment = [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "cfg"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": TenantCommandTests.token,
        ]
        for (k, v) in overrides { environment[k] = v }
        return CLIRunner(environment: environment)
    }

    /// Commands that need a database and would otherwise run (and exit 0) with these settings.
    static let commands: [[String]] = [
        ["tenant", "list"], ["tenant", "show", "coffee-shop"], ["tenant", "create", "tenants/coffee-shop.json"],
        ["migrate"], ["serve", "--port", "0"], ["admin", "token", "list", "--tenant", "coffee-shop"],
        ["telegram-sim", "--port", "0"],
    ]

    func assertConfigError(
        _ cli: CLIRunner, naming variable: String, secret: String? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        for command in Self.commands {
            let result = try cli.run(command, timeout: 20)
            XCTAssertEqual(result.status, 78, "\(command): \(result.stderr)", file: file, line: line)
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(command): not one line: \(result.stderr)", file: file, line: line)
            XCTAssertTrue(result.stderr.contains(variable), "\(command): \(result.stderr)", file: file, line: line)
            if let secret {
                XCTAssertFalse(result.stderr.contains(secret), "\(command) printed the secret", file: file, line: line)
            }
        }
    }

    func test_anEightCharacterMasterKey_isRefusedByEveryCommand() throws {
        try assertConfigError(
            try cli(["TESSERA_MASTER_KEY": Self.shortKey]), naming: "TESSERA_MASTER_KEY", secret: Self.shortKey)
    }

    func test_anInvalidDatabaseURL_isRefusedWithoutPrintingThePassword() throws {
        try assertConfigError(
            try cli(["DATABASE_URL": "postgres://u:hunter2secret@127.0.0.1:notaport/db"]), naming: "DATABASE_URL",
            secret: "hunter2secret")
    }

    func test_otherInvalidSettings_areRefusedByEveryCommand() throws {
        try assertConfigError(try cli(["PORT": "eighty"]), naming: "PORT")
        try assertConfigError(try cli(["TELEGRAM_API_URL": "api.telegram.org"]), naming: "TELEGRAM_API_URL")
        try assertConfigError(
            try cli(["TESSERA_PUBLIC_URL": "ftp://tessera.example.com"]), naming: "TESSERA_PUBLIC_URL")
        try assertConfigError(try cli(["TESSERA_LOG_LEVEL": "loud"]), naming: "TESSERA_LOG_LEVEL")
        try assertConfigError(try cli(["TESSERA_INIT_DATA_MAX_AGE": "-1"]), naming: "TESSERA_INIT_DATA_MAX_AGE")
        try assertConfigError(
            try cli(["TESSERA_LISTEN_DATABASE_URL": "mysql://u:pw@host/db"]), naming: "TESSERA_LISTEN_DATABASE_URL")
    }
}
