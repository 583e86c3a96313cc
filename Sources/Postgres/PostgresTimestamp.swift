import Foundation

/// Parsing and formatting of PostgreSQL's ISO timestamp text (`DateStyle = ISO`), without Foundation
/// formatters: `2024-05-01 12:30:00.25+00`, `…+05:30`, `2024-05-01T12:30:00Z`, dates, `infinity`, `BC`.
enum PostgresTimestamp {
    /// Parses timestamptz/timestamp/date text; a missing offset means UTC. Nil if malformed.
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return Date.distantFuture
        case "-infinity": return Date.distantPast
        default: break
        }
        var reader = Reader(bytes: Array(text.utf8))
        guard var year = reader.number(minDigits: 4, maxDigits: 9), reader.consume(0x2D),
            let month = reader.number(minDigits: 2, maxDigits: 2), reader.consume(0x2D),
            let day = reader.number(minDigits: 2, maxDigits: 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds: Int64 = 0
        var fraction = 0.0
        var offset: Int64 = 0
        if reader.consume(0x20) || reader.consume(0x54) {  // ' ' or 'T'
            guard let h = reader.number(minDigits: 2, maxDigits: 2), reader.consume(0x3A),
                let m = reader.number(minDigits: 2, maxDigits: 2), reader.consume(0x3A),
                let s = reader.number(minDigits: 2, maxDigits: 2),
                h <= 24, m <= 59, s <= 60
            else { return nil }
            seconds = h * 3600 + m * 60 + s
            if reader.consume(0x2E) {  // '.'
                var scale = 0.1
                var any = false
                while let d = reader.digit() {
                    fraction += Double(d) * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
            if reader.consume(0x5A) {  // 'Z'
                offset = 0
            } else if let sign = reader.sign() {
                guard let oh = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                var om: Int64 = 0
                var os: Int64 = 0
                if reader.consume(0x3A) {
                    guard let v = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                    om = v
                    if reader.consume(0x3A) {
                        guard let v2 = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                        os = v2
                    }
                } else if let v = reader.number(minDigits: 2, maxDigits: 2) {
                    om = v  // +0530
                }
                offset = sign * (oh * 3600 + om * 60 + os)
            }
        }
        if reader.consumeString(" BC") { year = 1 - year }
        guard reader.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let epochSeconds = days * 86_400 + seconds - offset
        return Date(timeIntervalSince1970: Double(epochSeconds) + fraction)
    }

    /// Formats as ISO 8601 UTC with microseconds: `2024-05-01T12:30:00.250000Z`.
    static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var whole = t.rounded(.down)
        var micros = Int64(((t - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            whole += 1
            micros -= 1_000_000
        }
        let total = Int64(whole)
        var days = total / 86_400
        var rem = total % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        let bc = y <= 0
        let shownYear = bc ? 1 - y : y
        var out = pad(shownYear, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        out += pad(rem / 3600, 2) + ":" + pad(rem % 3600 / 60, 2) + ":" + pad(rem % 60, 2)
        out += "." + pad(micros, 6) + "Z"
        if bc { out += " BC" }
        return out
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func consumeString(_ s: String) -> Bool {
            let expected = Array(s.utf8)
            guard bytes.count - index >= expected.count,
                Array(bytes[index..<index + expected.count]) == expected
            else { return false }
            index += expected.count
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - 0x30)
        }

        mutating func sign() -> Int64? {
            if consume(0x2B) { return 1 }
            if consume(0x2D) { return -1 }
            return nil
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, let d = digit() {
                value = value * 10 + d
                count += 1
            }
            return count >= minDigits ? value : nil
        }
    }
}
