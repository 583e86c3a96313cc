import Foundation
import Kernel
import XCTest

/// Opens a tenant's mini app in headless Chromium, signed in as Telegram would sign the user in,
/// and checks what the page rendered. Screenshots go to test-artifacts/.
final class BrowserTests: XCTestCase {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The mini app's launch URL with signed initData; `platform` is `tgWebAppPlatform` (`ios` for
    /// pages with a stub Telegram.WebApp).
    func launchURL(_ h: Harness, slug: String, platform: String = "web") -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        let initData = Harness.initData(slug).addingPercentEncoding(withAllowedCharacters: allowed)!
        return "\(h.baseURL)/app/\(slug)/#tgWebAppData=\(initData)&tgWebAppVersion=8.0&tgWebAppPlatform=\(platform)"
    }

    /// Runs headless Chromium with `arguments` and returns what it printed (e.g. `--dump-dom URL`).
    static func runChromium(_ arguments: [String]) throws -> String {
        let binary = try XCTUnwrap(Self.chromium, "chromium is not installed (scripts/test.sh installs it)")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000", "--window-size=390,844",
        ] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func test_miniApp_rendersTheTenantsFirstScreenInHeadlessChromium() throws {
        let h = try Harness()
        defer { h.stop() }
        let tenant = h.registry.tenant("coffee-shop")!
        let url = launchURL(h, slug: "coffee-shop")
        let dom = try Self.runChromium(["--dump-dom", url])
        XCTAssertTrue(dom.contains("data-ready=\"true\""), "page never became ready:\n\(dom.prefix(2000))")
        let first = tenant.blueprint.sections[0].id
        XCTAssertTrue(dom.contains("data-screen=\"\(first)\""), "first screen not rendered")
        // The participant was created through the page's authenticated API call.
        XCTAssertEqual(try h.pool.query("SELECT count(*) FROM \"t_coffee_shop\".participants").first!.decode(Int64.self, 0), 1)
        // The page reported its screen view to the analytics endpoint.
        h.context.navigation.flush()
        let views = try h.pool.query(
            "SELECT screen FROM \"t_coffee_shop\".nav_events WHERE kind = 'screen_view'").map { try $0.decode(String?.self, 0) }
        XCTAssertTrue(views.contains(first), "no screen_view for \(first): \(views)")

        let artifacts = Harness.repoRoot.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let shot = artifacts.appendingPathComponent("mini-app-coffee-shop.png")
        _ = try Self.runChromium(["--screenshot=\(shot.path)", url])
        XCTAssertTrue(FileManager.default.fileExists(atPath: shot.path))
    }

    func test_miniApp_withoutInitData_asksToOpenFromTelegram() throws {
        let h = try Harness()
        defer { h.stop() }
        let dom = try Self.runChromium(["--dump-dom", "\(h.baseURL)/app/coffee-shop/"])
        XCTAssertTrue(dom.contains("Telegram"), dom)
        XCTAssertEqual(try h.pool.query("SELECT count(*) FROM \"t_coffee_shop\".participants").first!.decode(Int64.self, 0), 0)
    }
}
