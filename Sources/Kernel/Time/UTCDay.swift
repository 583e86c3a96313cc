/// A calendar day in UTC, counted from 1970-01-01. Period boundaries (check-in days, weeks,
/// months) are whole UTC days, so integer arithmetic is enough and no time zone is consulted.
public struct UTCDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let number: Int64

    public init(number: Int64) { self.number = number }

    /// The UTC day containing `millis` (Unix time in milliseconds).
    public init(unixMillis millis: Int64) {
        number = Self.floorDiv(millis, 86_400_000)
    }

    public init(year: Int64, month: Int64, day: Int64) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }

    /// (year, month 1–12, day 1–31).
    public var civil: (year: Int64, month: Int64, day: Int64) {
        let z = number + 719_468
        let era = Self.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    public var weekday: Int64 { Self.floorMod(number + 3, 7) }

    public func adding(days: Int64) -> UTCDay { UTCDay(number: number + days) }

    /// `YYYY-MM-DD`, also a valid PostgreSQL `date` literal.
    public var description: String {
        let (y, m, d) = civil
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.number < rhs.number }

    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
