import Foundation

/// The window an Overview covers: today, the last 7 or the last 30 UTC days (today included).
/// Days are whole UTC days, as everywhere in Tessera (no tenant time zone yet).
public enum OverviewRange: String, Sendable, CaseIterable {
    case today
    case week = "7d"
    case month = "30d"

    /// How many UTC days the window holds.
    public var days: Int {
        switch self {
        case .today: 1
        case .week: 7
        case .month: 30
        }
    }

    /// The window containing `now`: from the start of the first day to the end of today.
    public func window(now: Date) -> OverviewWindow {
        let today = (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let from = Date(timeIntervalSince1970: today - Double(days - 1) * 86_400)
        return OverviewWindow(from: from, to: Date(timeIntervalSince1970: today + 86_400), days: days)
    }
}

/// A half-open interval of whole UTC days, `from` ..< `to`.
public struct OverviewWindow: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var days: Int

    /// `YYYY-MM-DD` of day `offset` (0 is the first day).
    public func dayName(_ offset: Int) -> String {
        let date = from.addingTimeInterval(Double(offset) * 86_400)
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
    }

    /// One value per day of the window, zero where `counts` (day offset → value) has none;
    /// offsets outside the window are dropped.
    public func series(_ counts: [Int: Int64]) -> [(day: String, value: Int64)] {
        (0..<days).map { (dayName($0), counts[$0] ?? 0) }
    }
}
