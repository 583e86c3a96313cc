import Kernel
import Postgres

extension StaffArea {
    public var staffAudit: (any StaffAuditing)? { StaffAuditWriter() }
}

/// Other areas' staff changes into `AuditLog` (no address: they did not come over HTTP).
struct StaffAuditWriter: StaffAuditing {
    func record(_ change: StaffAuditChange, schema: Identifier, _ conn: PostgresConnection) throws {
        let identity: AuditActor.Identity =
            switch change.actor {
            case .person(let id): .person(id)
            case .token(let id): .token(id)
            }
        try AuditLog(schema: schema).append(
            AuditLog.Change(
                actor: AuditActor(identity, role: change.role.rawValue), action: change.action,
                recordType: change.recordType, recordID: change.recordID, after: change.after),
            conn)
    }
}
