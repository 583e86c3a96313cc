import Blueprint

extension RatingPeriod {
    /// The first day of the period containing `day`: Monday for weeks, the 1st for months, and
    /// 1970-01-01 for all time (one period that never ends).
    public func start(containing day: UTCDay) -> UTCDay {
        switch self {
        case .week: return day.adding(days: -day.weekday)
        case .month:
            let (y, m, _) = day.civil
            return UTCDay(year: y, month: m, day: 1)
        case .allTime: return UTCDay(number: 0)
        }
    }

    /// The order in which an award touches the periods' rows; one fixed order for every
    /// transaction keeps concurrent awards from deadlocking on the shared count rows.
    public static let lockOrder: [RatingPeriod] = [.week, .month, .allTime]
}
