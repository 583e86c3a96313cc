import Foundation
import Kernel
import Telegram
import TesseraJSON

/// A photo or document a staff reply uploads, sent in the JSON body as
/// `{"base64": "…", "file_name": "…", "mime_type"?: "…"}` (pure rules).
///
/// JSON with base64 rather than multipart: every other admin route takes JSON, the body reader and
/// its 422s apply unchanged, and the server's 1 MiB body limit bounds both alike.
enum ReplyFile {
    /// Decoded bytes at most: base64 of this stays within the server's 1 MiB body limit with room
    /// for the rest of the body. (Telegram itself takes photos up to 10 MB, documents up to 50 MB.)
    static let maxBytes = 700_000
    /// Telegram's limit for a caption.
    static let maxCaptionLength = 1024
    static let photoTypes: Set<String> = ["image/jpeg", "image/png", "image/webp", "image/gif"]

    /// The upload in `body[field]`, or nil with problems recorded in `body`.
    static func read(_ field: String, photo: Bool, _ body: inout BodyReader) -> FileUpload? {
        guard let value = body.object[field], !value.isNull else { return nil }
        guard case .object(let object) = value else {
            body.fail(field, "expected an object with base64, file_name and mime_type")
            return nil
        }
        for key in object.keys where !["base64", "file_name", "mime_type"].contains(key) {
            body.fail("\(field).\(key)", "unknown field; expected one of base64, file_name, mime_type")
        }
        var bytes: [UInt8]?
        if let encoded = object["base64"]?.stringValue {
            if let data = Data(base64Encoded: encoded), !data.isEmpty {
                if data.count <= maxBytes { bytes = Array(data) } else {
                    body.fail("\(field).base64", "must decode to at most \(maxBytes) bytes (got \(data.count))")
                }
            } else {
                body.fail("\(field).base64", "expected non-empty standard base64")
            }
        } else {
            body.fail("\(field).base64", "required")
        }
        var name: String?
        if let raw = object["file_name"]?.stringValue {
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if (1...255).contains(trimmed.count), !trimmed.contains("/"), !trimmed.contains("\\"),
                !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 })
            {
                name = trimmed
            } else {
                body.fail("\(field).file_name", "expected 1 to 255 characters without slashes or control characters")
            }
        } else {
            body.fail("\(field).file_name", "required")
        }
        var mime = photo ? "image/jpeg" : "application/octet-stream"
        if let raw = object["mime_type"]?.stringValue {
            let valid = raw.range(of: #"^[a-z0-9.+-]+/[a-z0-9.+-]+$"#, options: .regularExpression) != nil
            if valid && (!photo || photoTypes.contains(raw)) { mime = raw } else {
                body.fail(
                    "\(field).mime_type",
                    photo ? "expected one of \(photoTypes.sorted().joined(separator: ", "))" : "expected a media type such as application/pdf")
            }
        } else if object["mime_type"] != nil && object["mime_type"]?.isNull == false {
            body.fail("\(field).mime_type", "expected a string")
        }
        guard let bytes, let name else { return nil }
        return FileUpload(bytes: bytes, fileName: name, mimeType: mime)
    }
}
