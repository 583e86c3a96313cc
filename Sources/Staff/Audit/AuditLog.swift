import Foundation
import Postgres
import TesseraJSON

/// A tenant's append-only audit log (`<tenant schema>.audit_log`). Write the entry in the same
/// transaction as the change it records, so the two commit or roll back together. The table
/// refuses UPDATE, DELETE and TRUNCATE (a trigger raises), so entries cannot be rewritten.
public struct AuditLog: Sendable {
    public let schema: Identifier

    public init(schema: Identifier) {
        self.schema = schema
    }

    /// What to record. `action` is a dotted lowercase name (`news.publish`, `staff.set_role`),
    /// `recordType` a lowercase word (`news_post`).
    public struct Change: Sendable, Equatable {
        public var actor: AuditActor
        public var action: String
        public var recordType: String
        public var recordID: String
        public var before: JSONValue?
        public var after: JSONValue?
        public var address: String

        public init(
            actor: AuditActor, action: String, recordType: String, recordID: String, before: JSONValue? = nil,
            after: JSONValue? = nil,
            address: String = ""
        ) {
            self.actor = actor
            self.action = action
            self.recordType = recordType
            self.recordID = recordID
            self.before = before
            self.after = after
            self.address = address
        }
    }

    /// Appends an entry and returns it as stored.
    @discardableResult
    public func append(_ change: Change, at: Date = Date(), _ conn: PostgresConnection) throws -> AuditEntry {
        var person: Int64?
        var token: Int64?
        switch change.actor.identity {
        case .person(let id): person = id
        case .token(let id): token = id
        }
        let row = try conn.query(
            """
            INSERT INTO \(ident: schema).audit_log
                (at, staff_person_id, staff_token_id, role, action, record_type, record_id, before, after, address)
            VALUES (\(at), \(person), \(token), \(change.actor.role), \(change.action), \(change.recordType),
                    \(change.recordID.storable(100)), \(change.before?.description)::jsonb, \(change.after?.description)::jsonb,
                    \(change.address.storable(64)))
            RETURNING \(unsafeRaw: AuditEntry.columns)
            """
        ).first!
        return try AuditEntry.decode(row)
    }

    /// Which entries to read; every set field narrows the result.
    public struct Query: Sendable {
        public var recordType: String?
        public var recordID: String?
        public var personID: Int64?
        public var tokenID: Int64?
        /// An action exactly (`news.update`), or every action of a record type when it has no dot (`news`).
        public var action: String?
        /// Entries at or after this instant.
        public var from: Date?
        /// Entries before this instant.
        public var to: Date?
        /// Entries with an id below this one (the previous page's last id).
        public var beforeID: Int64?
        public var limit: Int

        public init(
            recordType: String? = nil, recordID: String? = nil, personID: Int64? = nil, tokenID: Int64? = nil,
            action: String? = nil, from: Date? = nil, to: Date? = nil, beforeID: Int64? = nil, limit: Int = 50
        ) {
            self.recordType = recordType
            self.recordID = recordID
            self.personID = personID
            self.tokenID = tokenID
            self.action = action
            self.from = from
            self.to = to
            self.beforeID = beforeID
            self.limit = limit
        }
    }

    /// Entries matching `query`, newest first.
    public func entries(_ query: Query, _ conn: PostgresConnection) throws -> [AuditEntry] {
        var conditions: [SQL] = ["true"]
        if let type = query.recordType { conditions.append("record_type = \(type)") }
        if let id = query.recordID { conditions.append("record_id = \(id)") }
        if let person = query.personID { conditions.append("staff_person_id = \(person)") }
        if let token = query.tokenID { conditions.append("staff_token_id = \(token)") }
        if let action = query.action {
            // Actions are `[a-z][a-z0-9_.]*`: no LIKE wildcard can be in them.
            conditions.append(action.contains(".") ? "action = \(action)" : "action LIKE \(action + ".%")")
        }
        if let from = query.from { conditions.append("at >= \(from)") }
        if let to = query.to { conditions.append("at < \(to)") }
        if let before = query.beforeID { conditions.append("id < \(before)") }
        let limit = min(max(query.limit, 1), 500)
        return try conn.query(
            """
            SELECT \(unsafeRaw: AuditEntry.columns) FROM \(ident: schema).audit_log
            WHERE \(fragment: SQL.join(conditions, separator: " AND ")) ORDER BY id DESC LIMIT \(limit)
            """
        ).map(AuditEntry.decode)
    }
}
