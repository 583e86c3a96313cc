import Foundation
import HTTP
import Kernel
import TesseraJSON

extension PeopleArea {
    /// Staff routes over the ban list: ban, unban, the current list, a participant's history.
    var banEndpoints: [Endpoint] {
        [
            .staff(.POST, "/admin/api/v1/{tenant}/participants/{participant}/ban", .write(.people), ban),
            .staff(.DELETE, "/admin/api/v1/{tenant}/participants/{participant}/ban", .write(.people), unban),
            .staff(.GET, "/admin/api/v1/{tenant}/bans", .read(.people), listBans),
            .staff(.GET, "/admin/api/v1/{tenant}/participants/{participant}/bans", .read(.people), banHistory),
        ]
    }

    static let banPage = (default: 50, max: 200)

    func ban(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: BanRefusal.participantNotFound.error)
        let request = try BanRequest.parse(call.request, now: call.now)
        let store = BanStore(schema: call.tenant.schema)
        let event = try refusing {
            try pool.transaction {
                try store.ban(id, request, by: call.staff, tenantID: call.tenant.id, now: call.now, $0)
            }
        }
        participants.forget(tenantID: call.tenant.id, telegramID: event.telegramID)
        return Reply.json(["event": event.json], status: 201)
    }

    func unban(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: BanRefusal.participantNotFound.error)
        let reason = try BanRequest.unbanReason(call.request)
        let store = BanStore(schema: call.tenant.schema)
        let event = try refusing {
            try pool.transaction {
                try store.unban(id, reason: reason, by: call.staff, tenantID: call.tenant.id, now: call.now, $0)
            }
        }
        participants.forget(tenantID: call.tenant.id, telegramID: event.telegramID)
        return Reply.json(["event": event.json])
    }

    func listBans(_ call: StaffCall) throws -> HTTPResponse {
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.banPage.default, max: Self.banPage.max)
        var cursor: BanCursor?
        if let raw = call.request.queryValue("cursor") {
            guard let parsed = BanCursor(raw) else { throw AreaError.invalid("cursor", "not a cursor this API issued") }
            cursor = parsed
        }
        let store = BanStore(schema: call.tenant.schema)
        let (bans, more) = try pool.withConnection { try store.current(now: call.now, after: cursor, limit: limit, $0) }
        return Reply.json([
            "bans": .array(bans.map(\.json)),
            "next_cursor": more ? (bans.last.map { .string($0.cursor.encoded) } ?? .null) : .null,
        ])
    }

    func banHistory(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["participant"], notFound: BanRefusal.participantNotFound.error)
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.banPage.default, max: Self.banPage.max)
        var before: Int64?
        if let raw = call.request.queryValue("cursor") {
            guard let text = Base64URLText.decode(raw), text.hasPrefix("e1:"), let n = Int64(text.dropFirst(3)), n > 0
            else {
                throw AreaError.invalid("cursor", "not a cursor this API issued")
            }
            before = n
        }
        let store = BanStore(schema: call.tenant.schema)
        guard let history = try pool.withConnection({ try store.history(id, before: before, limit: limit, $0) }) else {
            throw BanRefusal.participantNotFound.error
        }
        let current: JSONValue =
            history.ban.flatMap { $0.applies(at: call.now) ? $0 : nil }.map {
                [
                    "reason": .string($0.reason), "since": .string(Instant.format($0.since)),
                    "until": $0.until.map { .string(Instant.format($0)) } ?? .null,
                ]
            } ?? .null
        let next =
            history.more ? history.events.last.map { JSONValue.string(Base64URLText.encode("e1:\($0.id)")) } : nil
        return Reply.json([
            "participant_id": .int(id), "ban": current, "dropped_messages": .int(history.droppedMessages),
            "events": .array(history.events.map(\.json)), "next_cursor": next ?? .null,
        ])
    }

    /// Runs `body`, turning a `BanRefusal` into its API error.
    private func refusing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let refusal as BanRefusal { throw refusal.error }
    }
}
