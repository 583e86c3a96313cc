import Foundation

/// Dates as people read them in a card or a screen, in the caller's locale. Tessera does not know
/// a tenant's time zone yet, so times are shown in UTC and say so.
public enum Formats {
    public static func date(_ date: Date, locale: String) -> String {
        date.formatted(style(locale, time: .omitted))
    }

    public static func dateTime(_ date: Date, locale: String) -> String {
        date.formatted(style(locale, time: .shortened)) + " UTC"
    }

    private static func style(_ locale: String, time: Date.FormatStyle.TimeStyle) -> Date.FormatStyle {
        Date.FormatStyle(date: .abbreviated, time: time, locale: Locale(identifier: locale), timeZone: TimeZone(identifier: "UTC")!)
    }
}

/// Reads an optional `limit` query parameter bounded by `max`.
public func limitParameter(_ raw: String?, default fallback: Int, max: Int) throws(AreaError) -> Int {
    guard let raw else { return fallback }
    guard let n = Int(raw), (1...max).contains(n) else { throw .invalid("limit", "expected an integer from 1 to \(max)") }
    return n
}
