import Blueprint
import HTTP
import Kernel

/// Serves the pictures shipped with Tessera (`Sources/AppAPI/Media`) at `/media/{file}`: the
/// sample blueprints' products and the demo content use them (`MediaPath`).
enum MediaRoutes {
    /// The files, read once. A name is looked up in this map, never joined to a path, so
    /// `..` or an encoded slash finds nothing.
    static let files = (try? StaticFiles.bundled("Media")) ?? StaticFiles(files: [:])

    /// An SVG opened on its own is a document: no scripts, no outside loads, no framing.
    static let headers: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    ]

    /// An hour fresh, then revalidated by ETag: the URL is stable, a release may change the file.
    static let cacheControl = "public, max-age=3600"

    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.GET, "/media/{file}") { request, params in
            let name = params["file"] ?? ""
            guard MediaPath.isFileName(name), let file = files.files[name] else {
                return .error(status: 404, code: "not_found", message: "no media file \"\(name)\"")
            }
            return StaticFiles.response(file, request, headers: headers, cacheControl: cacheControl)
        }
    }
}
