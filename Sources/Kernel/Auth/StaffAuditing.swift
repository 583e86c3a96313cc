import Postgres
import TesseraJSON

/// A change staff made outside a staff route (a command sent in Telegram), for the tenant's audit
/// log: the same fields a staff route's entry has.
public struct StaffAuditChange: Sendable, Equatable {
    public var actor: StaffActor
    public var role: StaffRole
    public var action: String
    public var recordType: String
    public var recordID: String
    public var after: JSONValue?

    public init(actor: StaffActor, role: StaffRole, action: String, recordType: String, recordID: String = "", after: JSONValue?) {
        self.actor = actor
        self.role = role
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.after = after
    }
}

/// Appends to a tenant's audit log; the Staff area implements it, other areas reach it through
/// `AreaHooks.staffAudit`. Called in the change's transaction, so the two commit together.
public protocol StaffAuditing: Sendable {
    func record(_ change: StaffAuditChange, schema: Identifier, _ conn: PostgresConnection) throws
}
