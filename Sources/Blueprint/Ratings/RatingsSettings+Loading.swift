extension Validator {
    func readRatingsSettings(_ field: Field) -> RatingsSettings? {
        guard let reader = object(field, kind: "ratings_settings") else { return nil }
        let boards = reader["boards"].map { boardsField in
            uniqueList(boardsField, nonEmpty: true, subject: "board id", key: \.id, describe: { "\"\($0)\"" }, read: readBoard)
        } ?? []
        return RatingsSettings(boards: boards, showNeighbours: reader.int("show_neighbours", 0...10, default: 2))
    }

    func readBoard(_ field: Field) -> Board? {
        guard let reader = object(field, kind: "board") else { return nil }
        let id = reader.token("id", .identifier, subject: "board id")
        let title = reader.localized("title")
        let source = reader["source"].flatMap { choice($0, BoardSource.self, subject: "board source") }
        let periods = reader["periods"].map { choiceList($0, RatingPeriod.self, subject: "period", nonEmpty: true) } ?? [.week, .allTime]
        if let source, let sourceField = reader["source"] {
            switch source {
            case .points: sectionTypeRequirements.append((sourceField.pointer, .gamefi, "a points board needs a gamefi section"))
            case .purchases: sectionTypeRequirements.append((sourceField.pointer, .shop, "a purchases board needs a shop section"))
            case .referrals: break
            }
        }
        guard let id, let title, let source else { return nil }
        return Board(id: id, title: title, source: source, periods: periods)
    }
}
