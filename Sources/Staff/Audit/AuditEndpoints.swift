import Foundation
import HTTP
import Kernel
import Postgres
import TesseraJSON

extension StaffArea {
    /// `GET /admin/api/v1/{tenant}/audit`: the tenant's audit log, newest first (owners only).
    var auditEndpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/audit", .read(.audit), auditLog)]
    }

    static let auditPage = (default: 50, max: 200)
    static let auditParameters = ["actor", "action", "record_type", "record_id", "from", "to", "cursor", "limit"]

    func auditLog(_ call: StaffCall) throws -> HTTPResponse {
        var query = try Self.auditQuery(call.request.queryItems)
        let limit = query.limit
        query.limit = limit + 1
        let tenantID = call.tenant.id
        let (found, names) = try pool.withConnection { conn in
            let entries = try AuditLog(schema: call.tenant.schema).entries(query, conn)
            return (entries, try Self.actorNames(entries, tenantID: tenantID, conn))
        }
        var entries = found
        let more = entries.count > limit
        if more { entries.removeLast() }
        return Reply.json([
            "entries": .array(entries.map { $0.json(name: names[$0.actor.identity]) }),
            "next_cursor": more ? .string(String(entries.last!.id)) : .null,
        ])
    }

    /// Reads the filters; every problem is a 422 naming its parameter, unknown and repeated ones too.
    static func auditQuery(_ items: [(name: String, value: String)]) throws(AreaError) -> AuditLog.Query {
        let reader = QueryReader()
        var query = AuditLog.Query(limit: auditPage.default)
        reader.read(items, allowed: auditParameters) { p in
            let value = p.raw
            switch p.name {
            case "actor":
                let parts = value.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let id = Int64(parts[1]), id > 0, ["person", "token"].contains(parts[0]) else {
                    reader.fail(p.name, "expected person:<id> or token:<id>")
                    return
                }
                if parts[0] == "person" { query.personID = id } else { query.tokenID = id }
            case "action":
                guard value.range(of: #"^[a-z][a-z0-9_.]{0,79}$"#, options: .regularExpression) != nil else {
                    reader.fail(
                        p.name, "expected an action such as news.update, or a record type such as news for all its actions")
                    return
                }
                query.action = value
            case "record_type":
                guard value.range(of: #"^[a-z][a-z0-9_]{0,59}$"#, options: .regularExpression) != nil else {
                    reader.fail(p.name, "expected a lowercase record type such as news or orders")
                    return
                }
                query.recordType = value
            case "record_id":
                guard (1...100).contains(value.count) else {
                    reader.fail(p.name, "expected 1 to 100 characters")
                    return
                }
                query.recordID = value
            case "from": query.from = reader.instant(p)
            case "to": query.to = reader.instant(p)
            case "cursor":
                guard let before = Int64(value), before > 0 else {
                    reader.fail(p.name, "expected the next_cursor of a previous page")
                    return
                }
                query.beforeID = before
            case "limit": query.limit = reader.limit(p, max: auditPage.max) ?? query.limit
            default: break
            }
        }
        reader.ordered(query.from, query.to, fromName: "from", toName: "to")
        try reader.finish()
        return query
    }

    /// Who the page's actors are by name: a person's display name (else email), a token's name.
    static func actorNames(_ entries: [AuditEntry], tenantID: Int64, _ conn: PostgresConnection) throws
        -> [AuditActor.Identity: String]
    {
        var names: [AuditActor.Identity: String] = [:]
        let identities = Set(entries.map(\.actor.identity))
        if identities.contains(where: { if case .token = $0 { true } else { false } }) {
            for token in try StaffTokenStore().list(tenantID: tenantID, conn) { names[.token(token.id)] = token.name }
        }
        for case .person(let id) in identities {
            if let person = try StaffDirectory().person(id: id, conn) {
                names[.person(id)] = person.displayName.isEmpty ? person.email : person.displayName
            }
        }
        return names
    }
}

extension AuditEntry {
    var json: JSONValue { json(name: nil) }

    /// The entry as the API shows it; `name` is the actor's, when known (a person or token since removed has none).
    func json(name: String?) -> JSONValue {
        let who: JSONValue =
            switch actor.identity {
            case .person(let id): ["kind": "person", "id": .int(id), "name": name.map(JSONValue.string) ?? .null]
            case .token(let id): ["kind": "token", "id": .int(id), "name": name.map(JSONValue.string) ?? .null]
            }
        return [
            "id": .int(id), "at": .string(Instant.format(at)), "actor": who, "role": .string(actor.role),
            "action": .string(action), "record_type": .string(recordType), "record_id": .string(recordID),
            "before": before ?? .null, "after": after ?? .null, "address": .string(address),
        ]
    }
}
