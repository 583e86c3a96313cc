import Glibc

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let days: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    static func string(from seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

/// The `Date:` header line, formatted at most once per second for the whole process.
final class DateCache: @unchecked Sendable {  // Sendable because `second` and `line` are guarded by `lock`.
    static let shared = DateCache()

    private let lock = Lock()
    private var second = -1
    private var line: [UInt8] = []

    /// `Date: <IMF-fixdate>\r\n`.
    func headerLine() -> [UInt8] {
        let now = Int(time(nil))
        return lock.withLock {
            if now != second {
                second = now
                line = Array("Date: \(HTTPDate.string(from: now))\r\n".utf8)
            }
            return line
        }
    }
}
