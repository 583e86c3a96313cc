/// The safe formatting subset of post bodies and event descriptions.
///
/// `sanitize` parses the input as HTML tags and text, keeps only an allow-list of tags — paragraphs,
/// line breaks, bold, italic, underline, strike, links to `http(s)://` or `tg://`, lists, code,
/// quotes — without any attribute except a link's `href`, drops the content of script-like elements
/// entirely, drops every other tag but keeps its text, escapes all text, and closes what was left
/// open. The output is therefore well-formed and inert; it is what gets stored.
public enum RichText {
    /// Tags kept as they are; `strong`/`em`/`strike`/`del` are written as `b`/`i`/`s`/`s`.
    public static let canonical: [String: String] = [
        "p": "p", "br": "br", "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "s": "s", "strike": "s",
        "del": "s", "a": "a", "ul": "ul", "ol": "ol", "li": "li", "code": "code", "pre": "pre", "blockquote": "blockquote",
    ]
    /// Elements whose content is never text for a reader (or could be markup in disguise).
    public static let dropContent: Set<String> = [
        "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math",
        "select", "head", "noembed", "noframes", "xmp", "plaintext",
    ]
    public static let blockTags: Set<String> = ["p", "br", "li", "ul", "ol", "pre", "blockquote"]
    public static let maxDepth = 16

    /// The sanitised HTML of `input`.
    public static func sanitize(_ input: String) -> String {
        var parser = Parser(Array(input.unicodeScalars))
        return parser.run()
    }

    /// The text of already sanitised HTML, whitespace collapsed (for excerpts and notifications).
    /// Only block elements separate words: `<b>Thursday</b>.` reads "Thursday.", not "Thursday .".
    public static func plainText(_ html: String) -> String {
        var out = ""
        var tag: String?
        var entity: String?
        func append(_ s: String) { out += s }
        for ch in html {
            if let name = tag {
                if ch == ">" {
                    if !inlineTags.contains(tagName(name)) { append(" ") }
                    tag = nil
                } else {
                    tag = name + String(ch)
                }
                continue
            }
            if var e = entity {
                if ch == ";" {
                    append(["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'"][e] ?? "")
                    entity = nil
                } else {
                    e.append(ch)
                    entity = e.count > 8 ? nil : e
                }
                continue
            }
            switch ch {
            case "<": tag = ""
            case "&": entity = ""
            default: append(String(ch))
            }
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The first `limit` characters of the text, cut at a word boundary with an ellipsis.
    /// Elements that sit inside a line of text (the sanitiser's inline allow-list).
    static let inlineTags: Set<String> = ["a", "b", "strong", "i", "em", "u", "s", "del", "strike", "code", "span"]

    /// `"/b"`, `"a href=…"` → `"b"`, `"a"`.
    static func tagName(_ inside: String) -> String {
        let trimmed = inside.drop { $0 == "/" }
        return String(trimmed.prefix { $0.isLetter || $0.isNumber }).lowercased()
    }

    public static func excerpt(_ html: String, limit: Int = 160) -> String {
        let text = plainText(html)
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// Escapes text for an HTML text node or a double-quoted attribute.
    public static func escape(_ text: String, into out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // C0 controls other than tab and newlines have no business in text.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" { continue }
                if scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Whether a link target is allowed, after removing what browsers ignore inside URLs.
    public static func cleanHref(_ raw: String) -> String? {
        var value = String(raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
        value = String(
            value.unicodeScalars.drop(while: { $0.value <= 0x20 }).reversed().drop(while: { $0.value <= 0x20 }).reversed()
                .map(Character.init))
        guard value.count <= 2_000, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return nil }
        return URLRules.isAllowed(value, telegram: true) ? value : nil
    }

    /// A single pass over the input's scalars.
    public struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var out = ""
        /// Open elements: the canonical name and whether its tags are written.
        var stack: [(name: String, emitted: Bool)] = []

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        mutating func run() -> String {
            var text = ""
            while i < s.count {
                let c = s[i]
                if c == "<" {
                    let before = i
                    if let tag = readTag() {
                        flush(&text)
                        handle(tag)
                    } else if i == before {
                        text.unicodeScalars.append(c)
                        i += 1
                    }
                } else if c == "&" {
                    text += readEntity()
                } else {
                    text.unicodeScalars.append(c)
                    i += 1
                }
            }
            flush(&text)
            for open in stack.reversed() where open.emitted { out += "</\(open.name)>" }
            return out
        }

        mutating func flush(_ text: inout String) {
            guard !text.isEmpty else { return }
            RichText.escape(text, into: &out)
            text = ""
        }

        struct Tag {
            var name: String
            var closing: Bool
            var attributes: [String: String]
        }

        /// Reads `<…>` at `i`. Comments and declarations are skipped (nil, `i` moved past them); a
        /// `<` that does not start a tag is left for the caller as text (nil, `i` unchanged).
        mutating func readTag() -> Tag? {
            let start = i
            var j = i + 1
            guard j < s.count else { return nil }
            if s[j] == "!" || s[j] == "?" {
                // <!-- … -->, <!DOCTYPE …>, <?xml …?>: skipped whole.
                if j + 2 < s.count, s[j + 1] == "-", s[j + 2] == "-" {
                    var k = j + 3
                    while k + 2 < s.count && !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
                    i = min(s.count, k + 3)
                } else {
                    var k = j
                    while k < s.count && s[k] != ">" { k += 1 }
                    i = min(s.count, k + 1)
                }
                return nil
            }
            var closing = false
            if s[j] == "/" {
                closing = true
                j += 1
            }
            guard j < s.count, s[j].isASCII, s[j].properties.isAlphabetic else { return nil }
            var name = ""
            while j < s.count, s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            var attributes: [String: String] = [:]
            while true {
                while j < s.count, s[j].properties.isWhitespace || s[j] == "/" { j += 1 }
                guard j < s.count else {
                    i = start
                    return nil
                }
                if s[j] == ">" {
                    j += 1
                    break
                }
                var attr = ""
                while j < s.count, !s[j].properties.isWhitespace, s[j] != "=", s[j] != ">", s[j] != "/" {
                    attr.unicodeScalars.append(s[j])
                    j += 1
                }
                while j < s.count, s[j].properties.isWhitespace { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, s[j].properties.isWhitespace { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                        j += 1
                    } else {
                        while j < s.count, !s[j].properties.isWhitespace, s[j] != ">" {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                    }
                }
                if !attr.isEmpty, attributes[attr.lowercased()] == nil {
                    attributes[attr.lowercased()] = value
                }
            }
            i = j
            return Tag(name: name.lowercased(), closing: closing, attributes: attributes)
        }

        /// Decodes the character reference at `i` (`&amp;`, `&#39;`, `&#x27;`…) or takes `&` literally.
        mutating func readEntity() -> String {
            var j = i + 1
            var name = ""
            while j < s.count, j - i <= 10, s[j] != ";", s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "#" {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            guard j < s.count, s[j] == ";" else {
                i += 1
                return "&"
            }
            let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
            var decoded: String?
            if let value = named[name] {
                decoded = value
            } else if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let number = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                if let number, number != 0, let scalar = Unicode.Scalar(number) { decoded = String(scalar) }
            }
            guard let decoded else {
                i += 1
                return "&"
            }
            i = j + 1
            return decoded
        }

        mutating func handle(_ tag: Tag) {
            if !tag.closing, RichText.dropContent.contains(tag.name) {
                skipContent(of: tag.name)
                return
            }
            guard let name = RichText.canonical[tag.name] else { return }
            if tag.closing {
                guard let index = stack.lastIndex(where: { $0.name == name }) else { return }
                while stack.count > index {
                    let open = stack.removeLast()
                    if open.emitted { out += "</\(open.name)>" }
                }
                return
            }
            if name == "br" {
                out += "<br>"
                return
            }
            guard stack.count < RichText.maxDepth else { return }
            if name == "a" {
                if let href = tag.attributes["href"].map(decodeAttribute).flatMap(RichText.cleanHref),
                    !stack.contains(where: { $0.name == "a" })
                {
                    out += "<a href=\""
                    RichText.escape(href, into: &out)
                    out += "\">"
                    stack.append((name, true))
                } else {
                    stack.append((name, false))
                }
                return
            }
            out += "<\(name)>"
            stack.append((name, true))
        }

        /// Skips to just after `</name…>`, or to the end when it never closes.
        mutating func skipContent(of name: String) {
            let needle = Array(("</" + name).unicodeScalars)
            while i < s.count {
                if s[i] == "<", i + needle.count <= s.count,
                    zip(s[i..<(i + needle.count)], needle).allSatisfy({ String($0).lowercased() == String($1) })
                {
                    var k = i + needle.count
                    while k < s.count, s[k] != ">" { k += 1 }
                    i = min(s.count, k + 1)
                    return
                }
                i += 1
            }
        }

        func decodeAttribute(_ raw: String) -> String {
            var parser = Parser(Array(raw.unicodeScalars))
            var text = ""
            while parser.i < parser.s.count {
                if parser.s[parser.i] == "&" {
                    text += parser.readEntity()
                } else {
                    text.unicodeScalars.append(parser.s[parser.i])
                    parser.i += 1
                }
            }
            return text
        }
    }
}
