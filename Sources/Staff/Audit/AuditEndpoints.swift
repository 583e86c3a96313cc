import Foundation
import HTTP
import Kernel
import TesseraJSON

extension StaffArea {
    /// `GET /admin/api/v1/{tenant}/audit`: the tenant's audit log, newest first (owners only).
    var auditEndpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/audit", .read(.audit), auditLog)]
    }

    static let auditPage = (default: 50, max: 200)

    func auditLog(_ call: StaffCall) throws -> HTTPResponse {
        let request = call.request
        let limit = try limitParameter(
            request.queryValue("limit"), default: Self.auditPage.default, max: Self.auditPage.max)
        var query = AuditLog.Query(limit: limit + 1)
        if let type = request.queryValue("record_type") {
            guard type.range(of: #"^[a-z][a-z0-9_]{0,59}$"#, options: .regularExpression) != nil else {
                throw AreaError.invalid("record_type", "expected a lowercase record type such as news or orders")
            }
            query.recordType = type
        }
        if let id = request.queryValue("record_id") {
            guard (1...100).contains(id.count) else {
                throw AreaError.invalid("record_id", "expected 1 to 100 characters")
            }
            query.recordID = id
        }
        if let cursor = request.queryValue("cursor") {
            guard let before = Int64(cursor), before > 0 else {
                throw AreaError.invalid("cursor", "expected the next_cursor of a previous page")
            }
            query.beforeID = before
        }
        var entries = try pool.withConnection { try AuditLog(schema: call.tenant.schema).entries(query, $0) }
        let more = entries.count > limit
        if more { entries.removeLast() }
        return Reply.json([
            "entries": .array(entries.map(\.json)),
            "next_cursor": more ? .string(String(entries.last!.id)) : .null,
        ])
    }
}

extension AuditEntry {
    var json: JSONValue {
        let who: JSONValue =
            switch actor.identity {
            case .person(let id): ["kind": "person", "id": .int(id)]
            case .token(let id): ["kind": "token", "id": .int(id)]
            }
        return [
            "id": .int(id), "at": .string(Instant.format(at)), "actor": who, "role": .string(actor.role),
            "action": .string(action), "record_type": .string(recordType), "record_id": .string(recordID),
            "before": before ?? .null, "after": after ?? .null, "address": .string(address),
        ]
    }
}
