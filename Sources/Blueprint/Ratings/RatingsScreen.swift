extension ScreenBuilder {
    /// One leaderboard per board, starting at its first period; entries are filled by the server.
    mutating func addRatings(_ settings: RatingsSettings) {
        for board in settings.boards {
            add(Component.leaderboard(
                board: board.id, title: text(board.title), period: board.periods.first?.rawValue ?? RatingPeriod.allTime.rawValue,
                periods: board.periods.map(\.rawValue), pointsName: unitName(board.source)))
        }
    }

    private func unitName(_ source: BoardSource) -> String {
        switch source {
        case .points:
            for section in interpreter.blueprint.sections {
                if case .gamefi(let gamefi) = section.kind { return text(gamefi.pointsName) }
            }
            return builtin(.stars)
        case .purchases: return builtin(.stars)
        case .referrals: return builtin(.friends)
        }
    }
}
