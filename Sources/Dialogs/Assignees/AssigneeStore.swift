import Kernel
import Postgres
import Tenancy
import TesseraJSON

/// Who a conversation may be assigned to: the tenant's staff whose role writes dialogs — people
/// with a membership (not disabled) and the tenant's API tokens not revoked. Read from the
/// platform schema directly: Dialogs cannot reach the Staff area, and these two tables are the
/// platform's, not an area's.
struct AssigneeStore {
    let p = TenantCatalog.platformSchema

    /// A staff member who may answer dialogs: `staff_person:<id>` or `staff_token:<id>`.
    struct Assignee: Equatable {
        var reference: String
        var kind: String
        var name: String
        var role: String

        var json: JSONValue {
            ["id": .string(reference), "kind": .string(kind), "name": .string(name), "role": .string(role)]
        }
    }

    /// The roles whose holders may write dialogs, from the role table.
    static var writingRoles: [String] {
        StaffRole.allCases.filter { $0.allows(.write(.dialogs)) }.map(\.rawValue)
    }

    /// People first (by name), then tokens (by name).
    func list(tenantID: Int64, _ conn: PostgresConnection) throws -> [Assignee] {
        let roles = PostgresArray(Self.writingRoles.map(Optional.some))
        return try conn.query(
            """
            SELECT 'staff_person:' || s.id, 'person', s.display_name, m.role, 0 AS rank
            FROM \(ident: p).staff_memberships m JOIN \(ident: p).staff_people s ON s.id = m.person_id
            WHERE m.tenant_id = \(tenantID) AND NOT s.disabled AND m.role = ANY(\(roles)::text[])
            UNION ALL
            SELECT 'staff_token:' || t.id, 'token', t.name, t.role, 1
            FROM \(ident: p).api_tokens t
            WHERE t.tenant_id = \(tenantID) AND t.revoked_at IS NULL AND t.role = ANY(\(roles)::text[])
            ORDER BY 5, 3, 1
            """
        ).map {
            Assignee(
                reference: try $0.decode(String.self, 0), kind: try $0.decode(String.self, 1),
                name: try $0.decode(String.self, 2), role: try $0.decode(String.self, 3))
        }
    }

    /// Whether `reference` (`staff_person:<id>` / `staff_token:<id>`) is one of `list`'s.
    func mayAnswer(_ reference: String, tenantID: Int64, _ conn: PostgresConnection) throws -> Bool {
        let parts = reference.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[1]) else { return false }
        let roles = PostgresArray(Self.writingRoles.map(Optional.some))
        let query: SQL =
            parts[0] == "staff_person"
            ? """
            SELECT 1 FROM \(ident: p).staff_memberships m JOIN \(ident: p).staff_people s ON s.id = m.person_id
            WHERE m.tenant_id = \(tenantID) AND s.id = \(id) AND NOT s.disabled AND m.role = ANY(\(roles)::text[])
            """
            : """
            SELECT 1 FROM \(ident: p).api_tokens t
            WHERE t.tenant_id = \(tenantID) AND t.id = \(id) AND t.revoked_at IS NULL AND t.role = ANY(\(roles)::text[])
            """
        return try !conn.query(query).isEmpty
    }
}
