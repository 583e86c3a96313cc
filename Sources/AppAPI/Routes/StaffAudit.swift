import Foundation
import HTTP
import Kernel
import Staff
import TesseraJSON
import TesseraLog

/// Every staff write goes into the tenant's audit log: who (token or person) in which role, the
/// action and record named from the route (`PATCH …/news/{post}` → `news.update`, record = the
/// post's id; `POST …/orders/{order}/refund` → `orders.refund`), the record as the route's GET
/// showed it before, the write's answer as after, when, and from which address.
///
/// The entry is written after the write committed, on its own: a write and its entry are not one
/// transaction here (each area's SQL stays its own), so an entry that fails is logged as an error.
struct StaffAudit: Sendable {
    let method: HTTPMethod
    let recordType: String
    let action: String
    /// The path parameter naming the record, if any.
    let recordParameter: String?
    /// The GET route of the record, read before the write (`before`).
    let show: (@Sendable (StaffCall) throws -> HTTPResponse)?

    /// The audit of a write route, or nil for reads and exports.
    init?(_ endpoint: Endpoint, among endpoints: [Endpoint]) {
        guard case .staff(let method, let pattern, let permission, _) = endpoint,
            ![.read, .export].contains(permission.access)
        else { return nil }
        let segments = pattern.split(separator: "/").map(String.init)
        let rest = Array(segments.drop { $0 != "{tenant}" }.dropFirst())
        let parameters = rest.enumerated().filter { $0.element.hasPrefix("{") }
        let last = parameters.last
        let trailing = rest.last.flatMap { $0.hasPrefix("{") ? nil : $0 }
        let collection: String? =
            if let last { last.offset > 0 ? rest[last.offset - 1] : nil } else { rest.last }
        let type = Self.token(collection ?? "record")
        let verb: String =
            if let trailing, last != nil, trailing != collection { Self.token(trailing) } else {
                switch method {
                case .POST: "create"
                case .PATCH, .PUT: "update"
                case .DELETE: "delete"
                default: method.rawValue.lowercased()
                }
            }
        self.method = method
        recordType = type
        action = "\(type).\(verb)"
        recordParameter = last.map { String($0.element.dropFirst().dropLast()) }
        // The record's own GET route: the pattern up to its last parameter.
        if let last {
            let recordPattern =
                "/"
                + (segments.prefix { $0 != "{tenant}" } + ["{tenant}"] + rest.prefix(last.offset + 1))
                .joined(separator: "/")
            show =
                endpoints.lazy.compactMap { candidate -> (@Sendable (StaffCall) throws -> HTTPResponse)? in
                    guard case .staff(.GET, let p, _, let handler) = candidate, p == recordPattern else { return nil }
                    return handler
                }.first
        } else {
            show = nil
        }
    }

    static func token(_ text: String) -> String {
        let cleaned = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(String(cleaned).prefix(40))
    }

    /// The answer without one-time links (an invitation's `link`): shown once to the caller, never kept.
    static func withoutLinks(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var kept = JSONObject()
            for (key, item) in object { kept[key] = key == "link" ? .string("(not kept)") : withoutLinks(item) }
            return .object(kept)
        case .array(let items): return .array(items.map(withoutLinks))
        default: return value
        }
    }

    /// The record as its GET route shows it now (nil when there is none or it fails).
    func before(_ call: StaffCall) -> JSONValue? {
        guard let show, method != .POST || recordParameter != nil else { return nil }
        var read = call
        read.request = HTTPRequest(method: .GET, target: call.request.path)
        guard let response = try? show(read), response.status == 200 else { return nil }
        return try? JSONParser.parse(response.body)
    }

    /// Records the write after it succeeded (a 2xx answer).
    func record(_ call: StaffCall, before: JSONValue?, response: HTTPResponse, context: AppContext) {
        guard (200..<300).contains(response.status) else { return }
        let after = response.body.isEmpty ? nil : (try? JSONParser.parse(response.body)).map(Self.withoutLinks)
        var id = recordParameter.flatMap { call.params[$0] } ?? ""
        if method == .POST, recordParameter == nil, case .object(let object)? = after,
            let created = object.values.lazy.compactMap({ $0.objectValue?["id"] }).first ?? object["id"]
        {
            id = created.integerValue.map(String.init) ?? created.stringValue ?? ""
        }
        let identity: AuditActor.Identity =
            switch call.staff.actor {
            case .token(let token): .token(token)
            case .person(let person): .person(person)
            }
        let change = AuditLog.Change(
            actor: AuditActor(identity, role: call.staff.role.rawValue), action: action, recordType: recordType,
            recordID: id,
            before: before, after: after, address: call.request.remoteAddress)
        do {
            try context.pool.withConnection {
                _ = try AuditLog(schema: call.tenant.schema).append(change, at: call.now, $0)
            }
        } catch {
            context.logger.error(
                "audit entry not written",
                [
                    ("tenant", .string(call.tenant.slug.rawValue)), ("action", .string(action)),
                    ("record", .string(id)),
                    ("request_id", .string(call.request.requestID)), ("error", .string(String(describing: error))),
                ])
        }
    }
}
