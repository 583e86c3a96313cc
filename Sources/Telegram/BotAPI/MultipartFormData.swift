import Foundation
import TesseraCrypto

/// A `multipart/form-data` body (RFC 7578), built from bytes: text fields and files.
///
/// The boundary is random and checked against every part, so it cannot occur in the payload
/// (a part containing it makes the encoder draw another one).
public struct MultipartFormData: Sendable, Equatable {
    /// One field: a text value, or a file with a name and a media type.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var fileName: String?
        public var contentType: String?
        public var bytes: [UInt8]

        public init(name: String, fileName: String? = nil, contentType: String? = nil, bytes: [UInt8]) {
            self.name = name
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public private(set) var parts: [Part] = []

    public init() {}

    /// Adds a text field (UTF-8).
    public mutating func add(name: String, value: String) {
        parts.append(Part(name: name, bytes: Array(value.utf8)))
    }

    /// Adds a file field.
    public mutating func add(name: String, fileName: String, contentType: String, bytes: [UInt8]) {
        parts.append(Part(name: name, fileName: fileName, contentType: contentType, bytes: bytes))
    }

    /// The body and its `Content-Type` header value (with the boundary).
    public func encoded() -> (contentType: String, body: [UInt8]) {
        encoded(drawing: Self.randomBoundary)
    }

    /// Draws boundaries until one occurs in no part.
    func encoded(drawing next: () -> String) -> (contentType: String, body: [UInt8]) {
        var boundary = next()
        while parts.contains(where: { Self.contains($0, boundary: boundary) }) { boundary = next() }
        return ("multipart/form-data; boundary=\(boundary)", encoded(boundary: boundary))
    }

    /// The body with a given boundary (tests use fixed ones); the caller guarantees that the
    /// boundary occurs in no part.
    public func encoded(boundary: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(64) { $0 + $1.bytes.count + 160 })
        for part in parts {
            out += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(Self.parameterValue(part.name))\""
            if let fileName = part.fileName { disposition += "; filename=\"\(Self.parameterValue(fileName))\"" }
            out += Array(disposition.utf8) + [0x0D, 0x0A]
            if let contentType = part.contentType {
                out += Array("Content-Type: \(Self.headerValue(contentType))\r\n".utf8)
            }
            out += [0x0D, 0x0A]
            out += part.bytes
            out += [0x0D, 0x0A]
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// `tessera-` and 32 hex digits: 40 characters, inside RFC 2046's 70 and made only of
    /// characters that need no quoting.
    static func randomBoundary() -> String {
        let hex: [Character] = Array("0123456789abcdef")
        return "tessera-" + String(SecureRandom.bytes(16).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] })
    }

    /// Whether `--boundary` occurs in the part's bytes or in its header values.
    static func contains(_ part: Part, boundary: String) -> Bool {
        let needle = Array("--\(boundary)".utf8)
        let haystacks = [part.bytes, Array(part.name.utf8), Array((part.fileName ?? "").utf8)]
        return haystacks.contains { Self.find(needle, in: $0) }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        firstIndex(of: needle, in: haystack, from: 0) != nil
    }

    /// Where `needle` first occurs in `haystack` at or after `start` (memchr for the first byte,
    /// memcmp for the rest: uploads run to 50 MB).
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pin -> Int? in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
                let last = hay.count - pin.count
                var i = start
                while i <= last {
                    guard let hit = memchr(hayBase + i, Int32(pin[0]), last - i + 1) else { return nil }
                    let at = hayBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + at, pinBase, pin.count) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }

    /// A `name`/`filename` value inside double quotes. The Bot API server (TDLib's
    /// `HttpReader::parse_multipart_form_data`) takes a value up to the next `;`, strips one pair
    /// of surrounding quotes and unescapes nothing: inner quotes and UTF-8 bytes arrive as sent,
    /// while a `;` would cut the name and CR/LF would end the header. Those three (and NUL)
    /// become `_`; everything else, quotes and non-ASCII included, is kept byte for byte.
    static func parameterValue(_ value: String) -> String {
        String(
            value.unicodeScalars.map { s -> Character in
                switch s {
                case ";", "\r", "\n", "\0": "_"
                default: Character(s)
                }
            })
    }

    /// A header value on one line.
    static func headerValue(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }
}
