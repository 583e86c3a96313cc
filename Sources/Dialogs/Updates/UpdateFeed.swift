import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

/// New messages of the tenant without reloading, by **long polling**: a poll answers once
/// something is new (or after `wait` seconds), which works through every proxy and load balancer
/// and needs nothing beyond a plain request, and a waiting poll holds no thread and no database
/// connection (`FeedWaiters`: an `HTTPDeferredResponse` woken by NOTIFY from any server).
extension DialogsArea {
    var updateEndpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/dialog-updates", .read(.dialogs), updates)]
    }

    /// The longest a poll waits (below the usual 30–60 s proxy timeouts).
    static let maxWait = 25
    static let feedPage = 100
    /// The NOTIFY channel of new dialog messages; the payload is the tenant's schema.
    public static let channel = "tessera_dialogs"

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
        let deadline = Date().addingTimeInterval(TimeInterval(wait))
        return try poll(call, store: store, after: after, deadline: deadline, waited: false)
    }

    /// Reads the feed; answers when there is news, when the deadline passed or when no poll may
    /// wait, and otherwise parks the poll in `waiters` until a wake says to look again.
    private func poll(_ call: StaffCall, store: ConversationStore, after: Int64, deadline: Date, waited: Bool) throws
        -> HTTPResponse
    {
        let schema = call.tenant.schema.raw
        let generation = waiters.generation(schema)
        let found = try pool.withConnection { try store.feed(after: after, limit: Self.feedPage, $0) }
        if found.isEmpty && Date() < deadline {
            let parked = waiters.wait(schema: schema, since: generation, deadline: deadline) { [self] expired in
                ErrorRendering.run(call.request, tenant: call.tenant.slug.rawValue, logger: logger) {
                    if expired { return Self.answer([], after: after, waited: true) }
                    return try poll(call, store: store, after: after, deadline: deadline, waited: true)
                }
            }
            if let parked { return .deferred(parked) }
        }
        return Self.answer(found, after: after, waited: waited)
    }

    private static func answer(_ found: [FeedItem], after: Int64, waited: Bool) -> HTTPResponse {
        Reply.json([
            "messages": .array(found.map(\.json)), "next_after": .int(found.last?.id ?? after), "waited": .bool(waited),
        ])
    }

    /// In the transaction that adds a message: wakes the tenant's polls on every server at commit.
    static func announce(_ schema: Identifier, _ conn: PostgresConnection) throws {
        _ = try conn.query("SELECT pg_notify(\(channel), \(schema.raw))")
    }
}
