/// RFC 4180 CSV, written as bytes: fields with a comma, quote, CR or LF are quoted (quotes
/// doubled), records end with CRLF. Spreadsheets run a cell starting with `=`, `+`, `-` or `@`
/// as a formula, so such a cell gets a leading `'` (OWASP's CSV injection guard); so does one
/// starting with a tab or CR, which some spreadsheets strip before looking.
enum CSVWriter {
    /// Excel reads a file as UTF-8 only after this byte order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func appendRecord(_ fields: [String?], to out: inout [UInt8]) {
        appendRecord(count: fields.count, to: &out) { fields[$0] }
    }

    /// A record of `count` fields read by `field(i)`, without gathering them first (the export's
    /// hot loop: a million rows should not cost a million arrays).
    static func appendRecord(count: Int, to out: inout [UInt8], field: (Int) -> String?) {
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if let text = field(i) { appendField(text, to: &out) }
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    static func appendField(_ field: String, to out: inout [UInt8]) {
        let bytes = field.utf8
        let guarded: Bool =
            switch bytes.first {
            case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
            default: false
            }
        let quoted = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        if quoted { out.append(0x22) }
        if guarded { out.append(UInt8(ascii: "'")) }
        if quoted {
            for b in bytes {
                out.append(b)
                if b == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: bytes)
        }
    }
}
