import Foundation
import Postgres
import TesseraJSON

/// Who did something in a tenant's back office: a staff person or a staff API token, and the
/// role they acted in.
public struct AuditActor: Sendable, Equatable {
    public enum Identity: Sendable, Hashable {
        case person(Int64)
        case token(Int64)
    }

    public var identity: Identity
    /// The role's name (`StaffRole` for people; a token's own role for tokens).
    public var role: String

    public init(_ identity: Identity, role: String) {
        self.identity = identity
        self.role = role
    }
}

/// One line of a tenant's audit log: an action on a record, what the record was before and
/// after (nil for a creation or a deletion), when and from which address.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: AuditActor
    public var action: String
    public var recordType: String
    public var recordID: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var address: String

    static let columns =
        "id, at, staff_person_id, staff_token_id, role, action, record_type, record_id, before::text, after::text, address"

    static func decode(_ row: PostgresRow) throws -> AuditEntry {
        let identity: AuditActor.Identity =
            if let person = try row.decode(Int64?.self, 2) { .person(person) } else {
                .token(try row.decode(Int64.self, 3))
            }
        func json(_ column: Int) throws -> JSONValue? {
            try row.decode(String?.self, column).map { try JSONParser.parse($0) }
        }
        return AuditEntry(
            id: try row.decode(Int64.self, 0), at: try row.decode(Date.self, 1),
            actor: AuditActor(identity, role: try row.decode(String.self, 4)),
            action: try row.decode(String.self, 5), recordType: try row.decode(String.self, 6),
            recordID: try row.decode(String.self, 7),
            before: try json(8), after: try json(9), address: try row.decode(String.self, 10))
    }
}
