/// How the back office hands out a message's file (pure): an image the browser may show inline,
/// or bytes to download. The bytes decide, not what the customer's client claimed: only JPEG,
/// PNG, GIF and WebP signatures are served as images (never SVG, which can hold script);
/// everything else is `application/octet-stream` with `Content-Disposition: attachment`.
struct MessageFileType: Equatable {
    var contentType: String
    /// The `Content-Disposition` value.
    var disposition: String

    /// Kinds whose files may be shown inline when their bytes are an image.
    static let imageKinds: Set<String> = ["photo", "sticker"]

    static func decide(kind: String, bytes: [UInt8], fileName: String?) -> MessageFileType {
        if imageKinds.contains(kind), let image = imageType(bytes) {
            return MessageFileType(contentType: image, disposition: "inline")
        }
        return MessageFileType(
            contentType: "application/octet-stream",
            disposition: "attachment; " + dispositionName(fileName ?? defaultName(kind)))
    }

    /// The image type of `bytes` by their signature, if they are one of the four.
    static func imageType(_ bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        return nil
    }

    static func defaultName(_ kind: String) -> String {
        switch kind {
        case "voice": "voice.ogg"
        case "video": "video.mp4"
        case "photo": "photo.jpg"
        case "sticker": "sticker.webp"
        default: "file"
        }
    }

    /// `filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 §4.3): quotes,
    /// backslashes, control and non-ASCII characters never reach the quoted form.
    static func dispositionName(_ name: String) -> String {
        let fallback = String(
            name.unicodeScalars.map { s -> Character in
                s.value >= 0x20 && s.value < 0x7F && s != "\"" && s != "\\" ? Character(s) : "_"
            })
        var encoded = ""
        for byte in name.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                encoded.append(c)
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return "filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
