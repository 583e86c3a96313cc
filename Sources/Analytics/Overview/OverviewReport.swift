import TesseraJSON

/// The Overview's figures for one window, as the store reads them.
public struct OverviewReport: Sendable {
    public var totalParticipants: Int64 = 0
    /// Day offset in the window → participants first seen that day.
    public var newByDay: [Int: Int64] = [:]
    /// Distinct participants active in the last 24 hours, 7 days, 30 days (from `last_seen_at`).
    public var dau: Int64 = 0
    public var wau: Int64 = 0
    public var mau: Int64 = 0
    /// Day offset → distinct participants with a mini-app navigation event that day (`nav_events`).
    public var activeByDay: [Int: Int64] = [:]
    /// Start parameters of the participants who joined in the window, most joins first; nil is "no parameter".
    public var sources: [(source: String?, participants: Int64)] = []
    public var paidOrders: Int64 = 0
    public var paidTickets: Int64 = 0
    /// Stars paid in the window and not refunded, and Stars refunded of payments made in the window.
    public var revenueStars: Int64 = 0
    public var refundedStars: Int64 = 0
    /// Day offset → Stars paid and not refunded.
    public var revenueByDay: [Int: Int64] = [:]
    /// Open conversations, and the seconds the oldest unanswered customer message has waited.
    public var openDialogs: Int64 = 0
    public var oldestWaiting: Int64?

    public init() {}

    /// The response body of `GET /admin/api/v1/{tenant}/overview`; money figures are null unless
    /// `showMoney` (the role may read finance).
    public func json(range: OverviewRange, window: OverviewWindow, showMoney: Bool) -> JSONValue {
        func series(_ counts: [Int: Int64], _ key: String) -> JSONValue {
            .array(
                window.series(counts).map { .object(JSONObject([("day", .string($0.day)), (key, .int($0.value))])) })
        }
        let newTotal = newByDay.values.reduce(0, +)
        return [
            "range": .string(range.rawValue),
            "from": .string(window.dayName(0)),
            "to": .string(window.dayName(window.days - 1)),
            "time_zone": "UTC",
            "participants": [
                "total": .int(totalParticipants),
                "new": .int(newTotal),
                "new_series": series(newByDay, "count"),
            ],
            "active": [
                "dau": .int(dau), "wau": .int(wau), "mau": .int(mau),
                "series": series(activeByDay, "count"),
            ],
            "sources": .array(
                sources.map {
                    ["source": $0.source.map(JSONValue.string) ?? .null, "participants": .int($0.participants)]
                }),
            "orders": [
                "paid_orders": .int(paidOrders),
                "paid_tickets": .int(paidTickets),
                "revenue_stars": showMoney ? .int(revenueStars) : .null,
                "refunded_stars": showMoney ? .int(refundedStars) : .null,
                "revenue_series": showMoney ? series(revenueByDay, "stars") : .null,
            ],
            "dialogs": ["open": .int(openDialogs), "oldest_waiting_seconds": oldestWaiting.map(JSONValue.int) ?? .null],
        ]
    }
}
