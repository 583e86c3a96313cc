/// Turns a failure into the text stored in `jobs.last_error`, which staff see: at most
/// `maxLength` characters (Unicode scalars, as PostgreSQL counts them), no U+0000 (PostgreSQL
/// text cannot hold it), and anything shaped like a Telegram bot token (`123456:ABC…`, as in a
/// Bot API URL) replaced by `<redacted>`, in case an error description quotes a URL.
enum JobErrorText {
    static let maxLength = 2000

    static func sanitize(_ text: String) -> String {
        var cleaned = redactBotTokens(text.replacingNUL())
        if cleaned.isEmpty { cleaned = "(no message)" }
        // Counted in Unicode scalars, as PostgreSQL's length() (the column's CHECK) counts characters.
        let scalars = cleaned.unicodeScalars
        guard scalars.count > maxLength else { return cleaned }
        return String(String.UnicodeScalarView(scalars.prefix(maxLength - 1))) + "…"
    }

    static func describe(_ error: any Error) -> String {
        sanitize(String(describing: error))
    }

    /// Replaces every `<digits>:<30+ token characters>` with `<redacted>`.
    static func redactBotTokens(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        func isTokenCharacter(_ s: Unicode.Scalar) -> Bool {
            isDigit(s) || (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
                || s == "_" || s == "-"
        }
        while i < scalars.count {
            if isDigit(scalars[i]), i == 0 || !isDigit(scalars[i - 1]) {
                var j = i
                while j < scalars.count, isDigit(scalars[j]) { j += 1 }
                if j - i >= 3, j < scalars.count, scalars[j] == ":" {
                    var k = j + 1
                    while k < scalars.count, isTokenCharacter(scalars[k]) { k += 1 }
                    if k - j - 1 >= 30 {
                        out.append(contentsOf: "<redacted>".unicodeScalars)
                        i = k
                        continue
                    }
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }
}

extension String {
    fileprivate func replacingNUL() -> String {
        guard unicodeScalars.contains("\u{0}") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }
}
