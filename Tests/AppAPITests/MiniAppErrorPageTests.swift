import Foundation
import XCTest

@testable import AppAPI

/// `/app/…` URLs that cannot load the mini app answer with the app's own error screen as HTML,
/// in the browser's language; `/api/…` keeps answering JSON.
final class MiniAppErrorPageTests: XCTestCase {
    func test_acceptLanguage_picksTheBestSupportedLanguage() {
        let supported = MiniAppErrorPage.languages
        XCTAssertEqual(AcceptLanguage.preferred(nil, among: supported), "en")
        XCTAssertEqual(AcceptLanguage.preferred("", among: supported), "en")
        XCTAssertEqual(AcceptLanguage.preferred("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", among: supported), "ru")
        XCTAssertEqual(AcceptLanguage.preferred("de-DE, ru;q=0.5, en;q=0.9", among: supported), "en")
        XCTAssertEqual(AcceptLanguage.preferred("en;q=0.2, RU;q=0.3", among: supported), "ru")
        XCTAssertEqual(AcceptLanguage.preferred("de, fr", among: supported), "en")
        XCTAssertEqual(AcceptLanguage.preferred("ru;q=0, *", among: supported), "en")
        XCTAssertEqual(AcceptLanguage.preferred("en;q=0, *;q=0.5", among: supported), "ru")
        XCTAssertEqual(AcceptLanguage.preferred("ru;q=garbage, en;q=0.1", among: supported), "en")
    }

    func test_unknownTenant_isTheFriendlyPageInTheBrowsersLanguage() throws {
        let h = try Harness()
        defer { h.stop() }
        for path in ["/app/nope-nope/", "/app/nope-nope", "/app/nope-nope/app.js", "/app/coffee-shop/missing.js"] {
            let english = try h.get(path, headers: ["Accept-Language": "en-US,en;q=0.9"])
            XCTAssertEqual(english.status, 404, path)
            XCTAssertTrue(english.headers["content-type"]?.hasPrefix("text/html") ?? false, "\(path): \(english.headers)")
            XCTAssertEqual(english.headers["content-language"], "en", path)
            XCTAssertTrue(english.text.contains("This page isn&#39;t available") || english.text.contains("This page isn't available"), english.text)
            XCTAssertFalse(english.text.contains("{\"error\""), "raw JSON on \(path)")
            XCTAssertNotNil(english.headers["content-security-policy"], path)

            let russian = try h.get(path, headers: ["Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"])
            XCTAssertEqual(russian.status, 404, path)
            XCTAssertEqual(russian.headers["content-language"], "ru", path)
            XCTAssertTrue(russian.text.contains("<html lang=\"ru\">"), path)
            XCTAssertTrue(russian.text.contains("Страница недоступна"), russian.text)
        }
        // Nothing of the request is echoed into the page.
        let probe = try h.get("/app/x%3Cscript%3E/", headers: ["Accept-Language": "<b>ru</b>"])
        XCTAssertEqual(probe.status, 404)
        XCTAssertFalse(probe.text.contains("<script>") || probe.text.contains("<b>"), probe.text)

        // The API of an unknown tenant stays JSON for its clients.
        let api = try h.get("/api/v1/nope-nope/app", headers: ["Accept-Language": "ru"])
        XCTAssertEqual(api.status, 404)
        XCTAssertTrue(api.headers["content-type"]?.hasPrefix("application/json") ?? false)
        XCTAssertTrue(api.text.contains("\"tenant_not_found\""), api.text)
    }

    func test_unknownTenant_inHeadlessChromium_showsTheAppsErrorScreen() throws {
        let h = try Harness()
        defer { h.stop() }
        let artifacts = Harness.repoRoot.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for (language, title) in [("en-US", "This page isn't available"), ("ru-RU", "Страница недоступна")] {
            let url = "\(h.baseURL)/app/nope-nope/"
            let dom = try BrowserTests.runChromium(["--accept-lang=\(language)", "--dump-dom", url])
            XCTAssertTrue(dom.contains("class=\"message-title\">\(title)<"), "\(language):\n\(dom.prefix(2000))")
            XCTAssertTrue(dom.contains("data-kind=\"not-found\""), dom)
            let shot = artifacts.appendingPathComponent("mini-app-unknown-tenant-\(language.prefix(2)).png")
            try? FileManager.default.removeItem(at: shot)
            _ = try BrowserTests.runChromium(["--accept-lang=\(language)", "--screenshot=\(shot.path)", url])
            XCTAssertTrue(FileManager.default.fileExists(atPath: shot.path), shot.path)
        }
    }
}
