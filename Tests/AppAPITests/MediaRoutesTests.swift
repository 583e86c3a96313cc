import Foundation
import XCTest

/// `/media/{file}`: the pictures shipped with Tessera, with their type, caching headers, and
/// nothing outside the media folder.
final class MediaRoutesTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_media_servesASVGWithCachingHeaders_andRevalidates() throws {
        let reply = try h.get("/media/flat-white.svg")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.headers["content-type"], "image/svg+xml")
        XCTAssertEqual(reply.headers["cache-control"], "public, max-age=3600")
        XCTAssertEqual(reply.headers["x-content-type-options"], "nosniff")
        XCTAssertTrue(reply.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        XCTAssertTrue(reply.text.hasPrefix("<svg"), reply.text)
        XCTAssertLessThan(reply.body.count, 30_000)
        let etag = try XCTUnwrap(reply.headers["etag"])
        XCTAssertEqual(try h.get("/media/flat-white.svg", headers: ["If-None-Match": etag]).status, 304)
    }

    func test_media_unknownOrClimbingNames_are404() throws {
        for path in [
            "/media/nothing.svg", "/media/..%2FWeb%2Findex.html", "/media/%2e%2e%2fPackage.swift", "/media/../Web/index.html",
            "/media/.hidden",
        ] {
            let reply = try h.get(path)
            XCTAssertEqual(reply.status, 404, "\(path): \(reply.text)")
            XCTAssertFalse(reply.text.contains("<html"), path)
        }
        // A NUL in a path parameter is refused before any route sees it.
        XCTAssertEqual(try h.get("/media/index.html%00.svg").status, 400)
    }

    func test_everyShippedPicture_isSmallAndAnSVGOrRaster() throws {
        let folder = Harness.repoRoot.appendingPathComponent("Sources/AppAPI/Media")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int)
            XCTAssertLessThan(size, 30_000, name)
            XCTAssertEqual(try h.get("/media/" + name).status, 200, name)
        }
    }
}
