/// The `application/x-www-form-urlencoded` layer of init data: splitting, percent-decoding and
/// encoding, and the data-check-string both validation schemes sign.
///
/// Decoding follows what Telegram's own clients produce and what aiogram (`parse_qsl`), tma.js
/// (`URLSearchParams`) and init-data-golang (`url.ParseQuery`) accept: `&`-separated pairs,
/// split at the first `=`, `%XX` escapes and `+` as a space. It is stricter than those on
/// purpose, because a lenient parser makes several byte strings mean the same signed data:
/// empty pairs, pairs without `=`, duplicate keys, invalid escapes or UTF-8, line feeds in
/// values and keys outside `[A-Za-z_]` are all rejected as malformed.
enum InitDataQuery {
    /// Longest raw init data accepted; real data is well under 4 KiB.
    static let maxLength = 65_536

    /// Splits and decodes `raw` into its fields, in received order.
    static func parse(_ raw: String) throws(InitDataError) -> [(String, String)] {
        guard !raw.isEmpty else { throw .missing }
        let bytes = Array(raw.utf8)
        guard bytes.count <= maxLength else { throw .malformed("longer than \(maxLength) bytes") }

        var fields: [(String, String)] = []
        var seen: Set<String> = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard !pair.isEmpty else { throw .malformed("empty field") }
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else {
                throw .malformed("field without '='")
            }
            let key = try decode(pair[pair.startIndex..<equals])
            let value = try decode(pair[(equals + 1)...])
            guard isValidKey(key) else { throw .malformed("field name is not [A-Za-z_]+") }
            // A line feed in a value could shift field boundaries inside the data-check-string.
            guard !value.utf8.contains(0x0a) else { throw .malformed("field value contains a line feed") }
            guard seen.insert(key).inserted else { throw .malformed("duplicate field") }
            fields.append((key, value))
        }
        return fields
    }

    /// Every field except `excluded`, sorted by key, written `key=value`, joined with `\n`.
    ///
    /// Keys are `[A-Za-z_]+`, all of which sort after `=`, so sorting by key (aiogram) and
    /// sorting whole `key=value` lines (tma.js, init-data-golang) give the same order.
    static func dataCheckString(_ fields: [(String, String)], excluding excluded: Set<String>) -> [UInt8] {
        let lines = fields.filter { !excluded.contains($0.0) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { Array($0.0.utf8) + [UInt8(ascii: "=")] + Array($0.1.utf8) }
        return Array(lines.joined(separator: [0x0a]))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, as Telegram does
    /// (spaces become `%20`, `/` becomes `%2F`).
    static func encode(_ string: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || $0 == UInt8(ascii: "_")
            }
    }

    private static func decode(_ component: ArraySlice<UInt8>) throws(InitDataError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard component.endIndex - index >= 3, let high = hexValue(component[index + 1]),
                    let low = hexValue(component[index + 2])
                else { throw .malformed("invalid percent-escape") }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        let string = String(decoding: out, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD; a changed byte count reveals that.
        guard string.utf8.elementsEqual(out) else { throw .malformed("field is not valid UTF-8") }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
