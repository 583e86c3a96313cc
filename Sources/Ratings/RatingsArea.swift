import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import Tenancy
import TesseraJSON
import TesseraLog

/// `GET /api/v1/{tenant}/ratings/{board}?period=week&section=top&limit=10`: the top of a
/// leaderboard, the caller's own rank and the participants around them. Ties share a rank
/// (1 + the number of participants with strictly more points). Every source reads the rollups its
/// producer keeps (`ScoreRollup`): GameFi points, Stars of paid orders, friends referred.
public struct RatingsArea: Area {
    static let defaultLimit = 10
    static let maxLimit = 100
    let pool: PostgresPool
    let logger: Logger

    public init(_ context: AreaContext) {
        pool = context.pool
        logger = context.logger
    }

    public var name: String { "ratings" }

    public var endpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/ratings/{board}") { call in
                let (request, params, tenant, now) = (call.request, call.params, call.tenant, call.now)
                let participant = call.participantID
                let boardID = params["board"] ?? ""
                let screen = ScreenContext(locale: call.locale, tags: call.tags, now: now)
                guard
                    let (section, settings, board) = find(
                        boardID, section: request.queryValue("section"), tenant, screen)
                else {
                    return .error(
                        status: 404, code: "board_not_found", message: "no visible leaderboard \"\(boardID)\"")
                }
                let period: RatingPeriod
                if let requested = request.queryValue("period") {
                    guard let chosen = RatingPeriod(rawValue: requested), board.periods.contains(chosen) else {
                        throw AreaError.invalid(
                            "period",
                            "expected one of \(board.periods.map(\.rawValue).joined(separator: ", ")) for this board")
                    }
                    period = chosen
                } else {
                    period = board.periods.first ?? .allTime
                }
                var limit = Self.defaultLimit
                if let text = request.queryValue("limit") {
                    guard let n = Int(text), (1...Self.maxLimit).contains(n) else {
                        throw AreaError.invalid("limit", "expected an integer from 1 to \(Self.maxLimit)")
                    }
                    limit = n
                }
                var object: JSONObject = [
                    "board": .string(board.id), "section": .string(section.id),
                    "source": .string(board.source.rawValue),
                    "period": .string(period.rawValue),
                    "period_start": .string(
                        period.start(containing: UTCDay(unixMillis: Int64(now.timeIntervalSince1970 * 1000)))
                            .description),
                ]
                return try run(request, tenant) {
                    let board = try pool.withConnection { conn in
                        try RatingStore(schema: tenant.schema).leaderboard(
                            source: board.source, period: period, participant: participant, top: limit,
                            neighbours: settings.showNeighbours, now: now, conn)
                    }
                    func entry(_ e: LeaderboardEntry) -> JSONValue {
                        [
                            "rank": .int(e.rank), "name": .string(e.name), "points": .int(e.points),
                            "is_me": .bool(e.participantID == participant),
                        ]
                    }
                    object["participants"] = .int(board.participants)
                    object["top"] = .array(board.top.map(entry))
                    object["me"] = board.me.map(entry) ?? .null
                    object["above"] = .array(board.above.map(entry))
                    object["below"] = .array(board.below.map(entry))
                    var response = HTTPResponse.json(JSONValue.object(object).serialized())
                    response.headers.add(name: "Cache-Control", value: "private, no-store")
                    return response
                }
            }
        ] + staffEndpoints
    }

    /// Runs a leaderboard query; a failure is a 503 (the error goes to the log).
    func run(_ request: HTTPRequest, _ tenant: LiveTenant, _ body: () throws -> HTTPResponse) throws(APIError)
        -> HTTPResponse
    {
        do {
            return try body()
        } catch let error as PostgresError where error.isUnstorableCharacter {
            return APIError.unstorableText.response
        } catch {
            logger.error(
                "gamefi request failed",
                [
                    ("tenant", .string(tenant.slug.rawValue)), ("request_id", .string(request.requestID)),
                    ("error", .string(String(describing: error))),
                ])
            throw .unavailable("database unavailable, retry shortly")
        }
    }

    func find(_ boardID: String, section sectionID: String?, _ tenant: LiveTenant, _ context: ScreenContext)
        -> (Section, RatingsSettings, Board)?
    {
        for section in tenant.blueprint.sections where sectionID == nil || section.id == sectionID {
            guard case .ratings(let settings) = section.kind, tenant.interpreter.isVisible(section, context: context)
            else { continue }
            if let board = settings.boards.first(where: { $0.id == boardID }) { return (section, settings, board) }
        }
        return nil
    }
}
