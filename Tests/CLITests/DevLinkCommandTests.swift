import Foundation
import TesseraTestSupport
import XCTest

/// `tessera dev` leaves its settings in `<data dir>/dev.env` for the other commands, and
/// `tessera dev link` signs mini-app links against it: the built binary, a real dev server on a
/// fresh database, real HTTP.
final class DevLinkCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    var envFile: URL { directory.appendingPathComponent("dev.env") }

    /// A CLI that finds the dev server through `envFile` only (no DATABASE_URL, no key).
    var cli: CLIRunner { CLIRunner(environment: ["TESSERA_DEV_ENV": envFile.path]) }

    func test_devLink_signsALinkThatTheRunningDevServerAccepts() throws {
        let dev = try DevProcess(dataDir: directory)
        defer { dev.stop() }

        let attributes = try FileManager.default.attributesOfItem(atPath: envFile.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "dev.env must be private")
        let settings = try String(contentsOf: envFile, encoding: .utf8)
        for key in ["DATABASE_URL=", "TESSERA_MASTER_KEY_FILE=", "TESSERA_PUBLIC_URL=", "TELEGRAM_API_URL=", "TESSERA_DEV_SERVER_URL="] {
            XCTAssertTrue(settings.contains("\n" + key), "dev.env lacks \(key)\n\(settings)")
        }
        XCTAssertFalse(settings.contains("TESSERA_MASTER_KEY="), "the key itself must stay in its own file")

        let result = try cli.run(["dev", "link", "--tenant", "events-club", "--user", "4242", "--lang", "ru", "--start", "promo_1", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json as? [String: Any], result.stdout)
        XCTAssertEqual(json["tenant"] as? String, "events-club")
        XCTAssertEqual(json["start_param"] as? String, "promo_1")
        XCTAssertEqual((json["user"] as? [String: Any])?["language_code"] as? String, "ru")
        XCTAssertNotNil(json["expires_at"] as? String)
        let url = try XCTUnwrap(json["url"] as? String)
        XCTAssertTrue(url.hasPrefix(dev.baseURL + "/app/events-club/#tgWebAppData="), url)

        // The server takes the link's initData as Telegram's: signed with events-club's bot token.
        let initData = try XCTUnwrap(Self.launchData(url))
        let fields = Self.fields(initData)
        let user = try XCTUnwrap(fields["user"])
        XCTAssertTrue(user.contains("\"id\":4242"), user)
        XCTAssertTrue(user.contains("\"language_code\":\"ru\""), user)
        XCTAssertEqual(fields["start_param"], "promo_1")
        XCTAssertEqual(try ServeProcess.request(dev.baseURL + "/api/v1/events-club/app", initData: initData).status, 200)
        // …and only for that tenant.
        XCTAssertEqual(try ServeProcess.request(dev.baseURL + "/api/v1/coffee-shop/app", initData: initData).status, 401)

        // Without options: dev's own user, in English, with the start parameter dev prints.
        let plain = try cli.run(["dev", "link", "--tenant", "coffee-shop"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let plainData = try XCTUnwrap(Self.launchData(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertTrue(Self.fields(plainData)["user"]?.contains("\"id\":100000001") ?? false, plainData)
        XCTAssertEqual(Self.fields(plainData)["start_param"], "dev")
        XCTAssertEqual(try ServeProcess.request(dev.baseURL + "/api/v1/coffee-shop/app", initData: plainData).status, 200)

        // Other commands without DATABASE_URL work on dev's database through the same file.
        let tenants = try cli.run(["tenant", "list", "--json"])
        XCTAssertEqual(tenants.status, 0, tenants.stderr)
        let slugs = ((tenants.json as? [String: Any])?["tenants"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }
            ?? ((tenants.json as? [[String: Any]])?.compactMap { $0["slug"] as? String } ?? [])
        XCTAssertEqual(Set(slugs), ["coffee-shop", "events-club", "paid-channel"], tenants.stdout)

        let unknown = try cli.run(["dev", "link", "--tenant", "nope-nope"])
        XCTAssertEqual(unknown.status, 1, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("nope-nope"), unknown.stderr)

        // Stopped: the file goes with the server, and dev link says so.
        dev.stop()
        XCTAssertFalse(FileManager.default.fileExists(atPath: envFile.path), "dev.env outlived tessera dev")
        let gone = try cli.run(["dev", "link", "--tenant", "coffee-shop"])
        XCTAssertEqual(gone.status, 69, gone.stderr)
        XCTAssertTrue(gone.stderr.contains("no running tessera dev"), gone.stderr)
    }

    func test_devLink_whenTheDevServerDoesNotAnswer_exits69NamingIt() throws {
        let port = try FreePort.find()
        try Data("DATABASE_URL='postgresql://nobody@127.0.0.1:1/none'\nTESSERA_DEV_SERVER_URL='http://127.0.0.1:\(port)'\n".utf8)
            .write(to: envFile)
        let result = try cli.run(["dev", "link", "--tenant", "coffee-shop"])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("http://127.0.0.1:\(port)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("does not answer"), result.stderr)
        XCTAssertTrue(result.stdout.isEmpty)
    }

    func test_devLink_badArguments_exit64NamingTheOption() throws {
        for (args, option) in [
            (["--user", "abc", "--tenant", "coffee-shop"], "--user"), (["--tenant", "coffee-shop", "--start", "no spaces"], "--start"),
            (["--tenant", "coffee-shop", "--lang", "russian!"], "--lang"), (["--user", "5"], "--tenant"),
            (["--tenant", "Not A Slug"], "--tenant"),
        ] {
            let result = try cli.run(["dev", "link"] + args)
            XCTAssertEqual(result.status, 64, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(option), "\(args): \(result.stderr)")
        }
    }

    /// initData's fields, percent-decoded.
    static func fields(_ initData: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in initData.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1].removingPercentEncoding }
        }
        return fields
    }

    /// The raw initData of a link's `#tgWebAppData=…` fragment.
    static func launchData(_ url: String) -> String? {
        guard let fragment = url.split(separator: "#", maxSplits: 1).last else { return nil }
        for pair in fragment.split(separator: "&") where pair.hasPrefix("tgWebAppData=") {
            return String(pair.dropFirst("tgWebAppData=".count)).removingPercentEncoding
        }
        return nil
    }
}

/// The built `tessera dev` on a fresh test database and a free port, its data in `dataDir`;
/// ready once its dev.env exists and it answers /healthz.
final class DevProcess {
    let process = Process()
    var baseURL = ""

    init(dataDir: URL) throws {
        let port = try FreePort.find()
        let cli = CLIRunner(environment: ["DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "dev")])
        process.executableURL = CLIRunner.binary
        process.arguments = [
            "dev", "--port", String(port), "--data-dir", dataDir.path, "--tenants", CLIRunner.repoRoot.appendingPathComponent("tenants").path,
        ]
        process.currentDirectoryURL = CLIRunner.repoRoot
        process.environment = cli.processEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        baseURL = "http://127.0.0.1:\(port)"
        let envFile = dataDir.appendingPathComponent("dev.env")
        let deadline = Date(timeIntervalSinceNow: 120)
        while !FileManager.default.fileExists(atPath: envFile.path) || (try? ServeProcess.request(baseURL + "/healthz").status) != 200 {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw ServeProcessError.didNotStart
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// SIGINT (Ctrl-C), as a person stops it, then wait for the exit.
    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
    }
}
