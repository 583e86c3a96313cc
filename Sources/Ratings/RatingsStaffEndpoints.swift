import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraJSON

extension RatingsArea {
    /// Staff views of the blueprint's leaderboards: every board (visibility rules are for end
    /// users), and the top of one board by participant id.
    var staffEndpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/ratings", .read(.content), boards),
            .staff(.GET, "/admin/api/v1/{tenant}/ratings/{board}", .read(.content), board),
        ]
    }

    /// Every board of every ratings section, in blueprint order.
    func boards(_ call: StaffCall) throws -> HTTPResponse {
        var boards: [JSONValue] = []
        for section in call.tenant.blueprint.sections {
            guard case .ratings(let settings) = section.kind else { continue }
            for board in settings.boards {
                boards.append([
                    "id": .string(board.id), "section": .string(section.id), "title": board.title.json,
                    "source": .string(board.source.rawValue),
                    "periods": .array(board.periods.map { .string($0.rawValue) }),
                ])
            }
        }
        return Reply.json(["boards": .array(boards)])
    }

    /// `?section=&period=&limit=`: the top of a board (default: its first period, 10 places).
    func board(_ call: StaffCall) throws -> HTTPResponse {
        let boardID = call.params["board"] ?? ""
        let sectionID = call.request.queryValue("section")
        var found: (Section, Board)?
        for section in call.tenant.blueprint.sections where sectionID == nil || section.id == sectionID {
            guard case .ratings(let settings) = section.kind,
                let board = settings.boards.first(where: { $0.id == boardID })
            else { continue }
            found = (section, board)
            break
        }
        guard let (section, board) = found else {
            throw AreaError.notFound(code: "board_not_found", message: "no leaderboard \"\(boardID)\"")
        }
        var period = board.periods.first ?? .allTime
        if let requested = call.request.queryValue("period") {
            guard let chosen = RatingPeriod(rawValue: requested), board.periods.contains(chosen) else {
                throw AreaError.invalid(
                    "period", "expected one of \(board.periods.map(\.rawValue).joined(separator: ", ")) for this board")
            }
            period = chosen
        }
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.defaultLimit, max: Self.maxLimit)
        let start = period.start(containing: UTCDay(unixMillis: Int64(call.now.timeIntervalSince1970 * 1000)))
        var object: JSONObject = [
            "board": .string(board.id), "section": .string(section.id), "source": .string(board.source.rawValue),
            "period": .string(period.rawValue), "period_start": .string(start.description),
        ]
        // Participant 0 does not exist: no "me" row, only the top.
        let result = try pool.withConnection { conn in
            try RatingStore(schema: call.tenant.schema).leaderboard(
                source: board.source, period: period, participant: 0, top: limit, neighbours: 0, now: call.now, conn)
        }
        object["participants"] = .int(result.participants)
        object["top"] = .array(
            result.top.map {
                [
                    "rank": .int($0.rank), "participant_id": .int($0.participantID), "name": .string($0.name),
                    "points": .int($0.points),
                ]
            })
        return Reply.json(.object(object))
    }
}
