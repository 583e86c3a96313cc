import TesseraJSON

/// Refuses a NUL character (U+0000) in any text a handler could read — a path parameter, a query
/// parameter, a JSON body member — once for every route, before dispatch.
///
/// PostgreSQL cannot store NUL in `text` (SQLSTATE 22021) nor `\u0000` in `jsonb` (22P05), so
/// letting one through ends as a 500 deep inside whichever handler writes it first. Every other
/// control character is valid text and passes. The raw request is searched first (`%00` in the
/// target, a `\u0000` escape in the body); only a hit costs a parse, to name the field.
public enum NULGuard {
    /// Where the NUL was found: what the 400 names.
    struct Violation: Equatable, Sendable {
        enum Place: String, Sendable {
            case path = "path parameter"
            case query = "query parameter"
            case body = "body field"
        }
        var place: Place
        /// The parameter name, or the body member's path as `values.name` (array elements by index).
        var field: String
    }

    static func check(_ request: HTTPRequest, captures: [(name: String, value: String)]) -> Violation? {
        if request.rawPath.utf8.containsPercentNUL {
            for capture in captures where capture.value.utf8.contains(0) {
                return Violation(place: .path, field: capture.name)
            }
        }
        if let query = request.query, query.utf8.containsPercentNUL {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let eq = pair.utf8.firstIndex(of: 0x3D)
                let key = PercentDecoding.decode(eq.map { pair[..<$0] } ?? pair, plusAsSpace: true)
                let value =
                    eq.map { PercentDecoding.decode(pair[pair.utf8.index(after: $0)...], plusAsSpace: true) } ?? ""
                if key.utf8.contains(0) || value.utf8.contains(0) { return Violation(place: .query, field: key) }
            }
        }
        if hasNULEscape(request.body), let value = try? JSONParser.parse(request.body),
            let path = nulPath(in: value, at: [])
        {
            return Violation(place: .body, field: path.joined(separator: "."))
        }
        return nil
    }

    /// Whether `body` holds a `\u0000` escape: a backslash run of odd length followed by `u0000`
    /// (in valid JSON, backslashes only occur inside strings, as escapes).
    static func hasNULEscape(_ body: [UInt8]) -> Bool {
        body.withUnsafeBufferPointer { p in
            var i = 0
            while i + 5 < p.count {
                guard p[i] == 0x5C else {
                    i += 1
                    continue
                }
                var run = 0
                while i < p.count && p[i] == 0x5C {
                    run += 1
                    i += 1
                }
                if run % 2 == 1, i + 4 < p.count, p[i] == 0x75, p[i + 1] == 0x30, p[i + 2] == 0x30, p[i + 3] == 0x30,
                    p[i + 4] == 0x30
                {
                    return true
                }
            }
            return false
        }
    }

    /// `body` with every NUL in its strings and member names replaced by U+FFFD, or nil when it holds
    /// none (or is not JSON) — for a route whose caller cannot be told no: Telegram delivers a
    /// refused update again and again, so the webhook stores it mended instead.
    public static func replacingNUL(inJSONBody body: [UInt8]) -> [UInt8]? {
        guard hasNULEscape(body), let value = try? JSONParser.parse(body) else { return nil }
        return mended(value).serialized()
    }

    private static func mended(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s):
            return .string(mended(s))
        case .array(let items):
            return .array(items.map(mended))
        case .object(let members):
            return .object(JSONObject(zip(members.keys.map(mended), members.values.map(mended))))
        default:
            return value
        }
    }

    private static func mended(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// The path to the first string or member name holding a NUL.
    private static func nulPath(in value: JSONValue, at path: [String]) -> [String]? {
        switch value {
        case .string(let s):
            return s.utf8.contains(0) ? path : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = nulPath(in: item, at: path + [String(index)]) { return found }
            }
        case .object(let members):
            for (key, member) in members {
                if key.utf8.contains(0) { return path + [key] }
                if let found = nulPath(in: member, at: path + [key]) { return found }
            }
        default:
            break
        }
        return nil
    }
}

extension Sequence<UInt8> {
    /// Whether the bytes hold `%00` (a request target never holds a raw NUL: the parser refuses it).
    fileprivate var containsPercentNUL: Bool {
        var state = 0
        for b in self {
            switch (state, b) {
            case (_, 0x25): state = 1
            case (1, 0x30): state = 2
            case (2, 0x30): return true
            default: state = 0
            }
        }
        return false
    }
}

extension HTTPResponse {
    /// 400 `invalid_text`: `field` holds a NUL character, which no text field can store.
    /// `place` says what `field` names: `"query parameter"`, `"path parameter"` or `"body field"`.
    public static func invalidText(field: String, place: String) -> HTTPResponse {
        var body: [UInt8] = []
        body.append(contentsOf: #"{"error":{"code":"invalid_text","message":"#.utf8)
        appendJSONString("\(place) \"\(field)\" contains a NUL character (U+0000), which text cannot hold", to: &body)
        body.append(contentsOf: #","details":[{"field":"#.utf8)
        appendJSONString(field, to: &body)
        body.append(contentsOf: #","message":"must not contain a NUL character (U+0000)"}]}}"#.utf8)
        return json(body, status: 400)
    }
}
