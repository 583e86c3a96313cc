import Foundation
import HTTP
import Kernel
import TesseraCrypto

/// The mini-app front end (plain HTML/CSS/JS in `Web/`), read into memory once at start.
public struct StaticFiles: Sendable {
    public struct File: Sendable {
        public var body: [UInt8]
        public var contentType: String
        public var etag: String
    }

    public let files: [String: File]

    public init(files: [String: File]) { self.files = files }

    /// Loads the files bundled with this module.
    public static func bundled() throws -> StaticFiles {
        guard let root = Bundle.module.url(forResource: "Web", withExtension: nil) else { return StaticFiles(files: [:]) }
        return try load(directory: root)
    }

    public static func load(directory: URL) throws -> StaticFiles {
        var files: [String: File] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names where !name.hasPrefix(".") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let body = Array(data)
            files[name] = File(
                body: body, contentType: contentType(of: name),
                etag: "\"" + Hex.encode(Array(SHA256.hash(body).prefix(12))) + "\"")
        }
        return StaticFiles(files: files)
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json": "application/json"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
