/// bytea text encodings: the `\x` hex format (PostgreSQL 9.0+ default) and the legacy escape format.
enum ByteaFormat {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func encodeHex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(2 + bytes.count * 2)
        out.append(0x5C)  // backslash
        out.append(0x78)  // x
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `\x…` hex or escape-format output; nil if malformed.
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == 0x5C, utf8[1] == 0x78 {
            return decodeHexDigits(utf8[2...])
        }
        return decodeEscape(utf8)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    private static func decodeHexDigits(_ digits: ArraySlice<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var i = digits.startIndex
        while i < digits.endIndex {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Escape format: `\\` is a backslash, `\ooo` an octal byte, everything else literal.
    private static func decodeEscape(_ utf8: [UInt8]) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            guard c == 0x5C else {
                out.append(c)
                i += 1
                continue
            }
            if i + 1 < utf8.count, utf8[i + 1] == 0x5C {
                out.append(0x5C)
                i += 2
                continue
            }
            guard i + 3 < utf8.count else { return nil }
            var value: UInt16 = 0
            for k in 1...3 {
                let d = utf8[i + k]
                guard d >= 0x30, d <= 0x37 else { return nil }
                value = value * 8 + UInt16(d - 0x30)
            }
            guard value <= 255 else { return nil }
            out.append(UInt8(value))
            i += 4
        }
        return out
    }
}
