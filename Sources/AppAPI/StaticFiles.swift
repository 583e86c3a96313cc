import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraCrypto

/// A front end bundled with AppAPI (plain HTML/CSS/JS: the mini app in `Web/`, the back office
/// in `Office/`), read into memory once at start.
public struct StaticFiles: Sendable {
    public struct File: Sendable {
        public var body: [UInt8]
        public var contentType: String
        public var etag: String
    }

    public let files: [String: File]

    public init(files: [String: File]) { self.files = files }

    /// Loads the files of `folder` bundled with this module.
    public static func bundled(_ folder: String = "Web") throws -> StaticFiles {
        guard let root = Bundle.module.url(forResource: folder, withExtension: nil) else { return StaticFiles(files: [:]) }
        return try load(directory: root)
    }

    public static func load(directory: URL) throws -> StaticFiles {
        var files: [String: File] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names where !name.hasPrefix(".") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            files[name] = file(named: name, body: Array(data))
        }
        return StaticFiles(files: files)
    }

    /// The mini app: `Web/` plus the script made from the server's own icon table (`icon-set.js`),
    /// so the validator and the front end share one list of icons.
    public static func miniApp() throws -> StaticFiles {
        var files = try bundled().files
        let script = "window.Tessera = window.Tessera || {};\nwindow.Tessera.iconSet = " + IconSet.json.description + ";\n"
        files["icon-set.js"] = file(named: "icon-set.js", body: Array(script.utf8))
        return StaticFiles(files: files)
    }

    static func file(named name: String, body: [UInt8]) -> File {
        File(body: body, contentType: contentType(of: name), etag: "\"" + Hex.encode(Array(SHA256.hash(body).prefix(12))) + "\"")
    }

    /// `file` as a response: 304 when `If-None-Match` names its ETag, revalidated on every use
    /// unless `cacheControl` says otherwise, with `headers` (a front end's security headers) added.
    static func response(
        _ file: File, _ request: HTTPRequest, headers: [(String, String)], cacheControl: String = "no-cache"
    ) -> HTTPResponse {
        var response: HTTPResponse
        if let inm = request.headers["If-None-Match"], EndUserRoutes.matches(inm, file.etag) {
            response = .notModified(etag: file.etag)
        } else {
            response = HTTPResponse(status: 200, headers: HTTPHeaders(), body: file.body)
            response.headers.add(name: "Content-Type", value: file.contentType)
            response.headers.add(name: "ETag", value: file.etag)
        }
        response.headers.add(name: "Cache-Control", value: cacheControl)
        for (name, value) in headers { response.headers.add(name: name, value: value) }
        return response
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "json": "application/json"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
