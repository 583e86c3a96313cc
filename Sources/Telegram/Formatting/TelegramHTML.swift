import TesseraJSON

/// Telegram's HTML formatting (`parse_mode: "HTML"`), parsed the way the Bot API does: the plain
/// text a client shows and the entities laid over it (offsets in UTF-16 code units).
///
/// Tags: `b strong i em u ins s strike del tg-spoiler span class="tg-spoiler" a href code pre
/// blockquote [expandable] tg-emoji emoji-id`; entities `&lt; &gt; &amp; &quot;` and numeric ones.
/// Errors use the Bot API's own words ("Unsupported start tag \"br\" at byte offset 5"). `strict`
/// also refuses a bare `&` (Telegram keeps it as text; blueprints must write `&amp;`).
public enum TelegramHTML {
    /// One formatted span of the parsed text.
    public struct Entity: Sendable, Equatable {
        /// `bold`, `italic`, `underline`, `strikethrough`, `spoiler`, `text_link`, `code`, `pre`,
        /// `blockquote`, `expandable_blockquote`, `custom_emoji`.
        public var type: String
        public var offset: Int
        public var length: Int
        public var url: String?
        public var language: String?
        public var customEmojiID: String?

        public init(
            type: String, offset: Int, length: Int, url: String? = nil, language: String? = nil, customEmojiID: String? = nil
        ) {
            self.type = type
            self.offset = offset
            self.length = length
            self.url = url
            self.language = language
            self.customEmojiID = customEmojiID
        }
    }

    /// The text without markup and its entities (sorted by offset, outer before inner).
    public struct Parsed: Sendable, Equatable {
        public var text: String
        public var entities: [Entity]
    }

    /// Why the text is not Telegram HTML; `description` is the Bot API's text, `byteOffset` where.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public var byteOffset: Int?
    }

    /// The tags Telegram accepts, by name, with the entity type each makes.
    static let entityTypes: [String: String] = [
        "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
        "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
        "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
    ]

    /// The tag names, as listed to people who write them.
    public static let tagNames = "b, i, u, s, tg-spoiler, a href, code, pre, blockquote"

    public static func parse(_ html: String, strict: Bool = false) -> Result<Parsed, ParseError> {
        let bytes = Array(html.utf8)
        var text: [UInt8] = []
        var utf16Length = 0
        struct Open {
            var name: String
            var entity: Entity
        }
        var stack: [Open] = []
        var entities: [Entity] = []
        var i = 0
        func fail(_ message: String, _ offset: Int?) -> Result<Parsed, ParseError> {
            .failure(ParseError(description: "can't parse entities: " + message, byteOffset: offset))
        }
        func append(_ scalarBytes: [UInt8]) {
            text += scalarBytes
            utf16Length += String(decoding: scalarBytes, as: UTF8.self).utf16.count
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "&") {
                if let (decoded, length) = entity(bytes, at: i) {
                    append(Array(decoded.utf8))
                    i += length
                } else if strict {
                    return fail("\"&\" at byte offset \(i) must be written &amp;", i)
                } else {
                    append([byte])
                    i += 1
                }
                continue
            }
            if byte != UInt8(ascii: "<") {
                var end = i + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                if strict && byte == UInt8(ascii: ">") {
                    return fail("\">\" at byte offset \(i) must be written &gt;", i)
                }
                append(Array(bytes[i..<end]))
                i = end
                continue
            }
            let tagStart = i
            i += 1
            guard i < bytes.count else { return fail("Unclosed start tag at byte offset \(tagStart)", tagStart) }
            if bytes[i] == UInt8(ascii: "/") {
                i += 1
                var name: [UInt8] = []
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
                    if !Self.isSpace(bytes[i]) { name.append(bytes[i] | (isLetter(bytes[i]) ? 0x20 : 0)) }
                    i += 1
                }
                guard i < bytes.count else { return fail("Unclosed end tag at byte offset \(tagStart)", tagStart) }
                i += 1
                let endName = String(decoding: name, as: UTF8.self)
                guard let open = stack.popLast() else {
                    return fail("Unexpected end tag at byte offset \(tagStart)", tagStart)
                }
                guard open.name == endName else {
                    return fail(
                        "Unmatched end tag at byte offset \(tagStart), expected \"</\(open.name)>\", found \"</\(endName)>\"",
                        tagStart)
                }
                var entity = open.entity
                entity.length = utf16Length - entity.offset
                // A `code` inside `pre` gives the block its language instead of a second entity.
                if entity.type == "code", let language = entity.language, let last = stack.last, last.name == "pre" {
                    stack[stack.count - 1].entity.language = language
                    continue
                }
                entity.language = entity.type == "pre" ? entity.language : nil
                if entity.length > 0 { entities.append(entity) }
                continue
            }
            var name: [UInt8] = []
            while i < bytes.count, isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "-") || isDigit(bytes[i]) {
                name.append(bytes[i] | (isLetter(bytes[i]) ? 0x20 : 0))
                i += 1
            }
            let tagName = String(decoding: name, as: UTF8.self)
            guard let type = entityTypes[tagName] else {
                return fail("Unsupported start tag \"\(tagName)\" at byte offset \(tagStart)", tagStart)
            }
            var attributes: [String: String] = [:]
            while true {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return fail("Unclosed start tag at byte offset \(tagStart)", tagStart) }
                if bytes[i] == UInt8(ascii: ">") {
                    i += 1
                    break
                }
                var attribute: [UInt8] = []
                while i < bytes.count, isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "-") || isDigit(bytes[i]) {
                    attribute.append(bytes[i] | (isLetter(bytes[i]) ? 0x20 : 0))
                    i += 1
                }
                guard !attribute.isEmpty else {
                    return fail("Empty attribute name in the tag \"\(tagName)\" at byte offset \(tagStart)", tagStart)
                }
                let attributeName = String(decoding: attribute, as: UTF8.self)
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return fail("Unclosed start tag at byte offset \(tagStart)", tagStart) }
                guard bytes[i] == UInt8(ascii: "=") else {
                    // A bare attribute (`<blockquote expandable>`).
                    attributes[attributeName] = ""
                    continue
                }
                i += 1
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return fail("Unclosed start tag at byte offset \(tagStart)", tagStart) }
                var value: [UInt8] = []
                if bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                    let quote = bytes[i]
                    i += 1
                    while i < bytes.count, bytes[i] != quote { value.append(bytes[i]); i += 1 }
                    guard i < bytes.count else {
                        return fail("Unclosed start tag at byte offset \(tagStart)", tagStart)
                    }
                    i += 1
                } else {
                    while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") {
                        value.append(bytes[i])
                        i += 1
                    }
                }
                attributes[attributeName] = decodeEntities(value)
            }
            var entity = Entity(type: type, offset: utf16Length, length: 0)
            switch tagName {
            case "span":
                guard attributes["class"] == "tg-spoiler" else {
                    return fail("Tag \"span\" must have class \"tg-spoiler\" at byte offset \(tagStart)", tagStart)
                }
            case "a":
                guard let href = attributes["href"], !href.isEmpty else {
                    return fail("Tag \"a\" must have an href at byte offset \(tagStart)", tagStart)
                }
                entity.url = href
            case "code":
                if let language = attributes["class"], language.hasPrefix("language-") {
                    entity.language = String(language.dropFirst(9))
                }
            case "blockquote":
                if attributes["expandable"] != nil { entity.type = "expandable_blockquote" }
            case "tg-emoji":
                guard let id = attributes["emoji-id"], !id.isEmpty else {
                    return fail("Custom emoji identifier must be non-empty at byte offset \(tagStart)", tagStart)
                }
                entity.customEmojiID = id
            default: break
            }
            stack.append(Open(name: tagName, entity: entity))
        }
        if let open = stack.last {
            return fail("Can't find end tag corresponding to start tag \"\(open.name)\"", nil)
        }
        entities.sort { $0.offset < $1.offset || ($0.offset == $1.offset && $0.length > $1.length) }
        return .success(Parsed(text: String(decoding: text, as: UTF8.self), entities: entities))
    }

    /// `text` with `<`, `>`, `&` and `"` written as entities, safe inside Telegram HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The character of the entity at `i` and its length in bytes, if it is one Telegram knows.
    static func entity(_ bytes: [UInt8], at i: Int) -> (String, Int)? {
        var end = i + 1
        while end < bytes.count, end - i <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
        let body = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
        let length = end - i + 1
        switch body {
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "amp": return ("&", length)
        case "quot": return ("\"", length)
        default:
            guard body.hasPrefix("#") else { return nil }
            let digits = body.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (String(Character(scalar)), length)
        }
    }

    static func decodeEntities(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&"), let (decoded, length) = entity(bytes, at: i) {
                out += Array(decoded.utf8)
                i += length
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

extension TelegramHTML.Entity {
    /// The Bot API's `MessageEntity` JSON.
    public var json: JSONValue {
        var o: JSONObject = ["type": .string(type), "offset": .int(Int64(offset)), "length": .int(Int64(length))]
        if let url { o["url"] = .string(url) }
        if let language { o["language"] = .string(language) }
        if let customEmojiID { o["custom_emoji_id"] = .string(customEmojiID) }
        return .object(o)
    }
}
