import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

/// New messages of the tenant without reloading, by **long polling**: the HTTP server has no
/// streamed bodies, and a poll that answers once something is new (or after `wait` seconds)
/// works through every proxy and needs nothing beyond a plain request. A waiting poll holds one
/// server worker, so at most `maxWaiting` polls wait at once per process; beyond that a poll
/// answers at once (`"waited": false`) and the client polls again a little later.
extension DialogsArea {
    var updateEndpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/dialog-updates", .read(.dialogs), updates)]
    }

    /// The longest a poll waits (below the usual 30–60 s proxy timeouts).
    static let maxWait = 25
    /// How often a waiting poll looks again.
    static let pollInterval: TimeInterval = 0.5
    static let feedPage = 100

    /// `?after=<message id>&wait=<0…25>`: messages (both ways) with a greater id, oldest first,
    /// each with its conversation; `next_after` is where the next poll starts. Without `after`
    /// the answer is empty and `next_after` the latest id: the starting point.
    func updates(_ call: StaffCall) throws -> HTTPResponse {
        let request = call.request
        var after: Int64?
        if let raw = request.queryValue("after") {
            guard let parsed = Int64(raw), parsed >= 0 else {
                throw AreaError.invalid("after", "expected the next_after of a previous answer (a message id)")
            }
            after = parsed
        }
        var wait = 0
        if let raw = request.queryValue("wait") {
            guard let parsed = Int(raw), (0...Self.maxWait).contains(parsed) else {
                throw AreaError.invalid("wait", "expected whole seconds from 0 to \(Self.maxWait)")
            }
            wait = parsed
        }
        let store = ConversationStore(schema: call.tenant.schema)
        guard let after else {
            let latest = try pool.withConnection { try store.latestMessageID($0) }
            return Reply.json(["messages": [], "next_after": .int(latest), "waited": false])
        }
        var found = try pool.withConnection { try store.feed(after: after, limit: Self.feedPage, $0) }
        var waited = false
        if found.isEmpty && wait > 0 && waiting.enter() {
            defer { waiting.leave() }
            waited = true
            let deadline = Date().addingTimeInterval(TimeInterval(wait))
            while found.isEmpty && Date() < deadline {
                Thread.sleep(forTimeInterval: Self.pollInterval)
                found = try pool.withConnection { try store.feed(after: after, limit: Self.feedPage, $0) }
            }
        }
        let next = found.last?.id ?? after
        return Reply.json([
            "messages": .array(found.map(\.json)), "next_after": .int(next), "waited": .bool(waited),
        ])
    }
}
