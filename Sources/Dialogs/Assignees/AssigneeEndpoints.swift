import HTTP
import Kernel
import TesseraJSON

extension DialogsArea {
    var assigneeEndpoints: [Endpoint] {
        [.staff(.GET, "/admin/api/v1/{tenant}/dialog-assignees", .read(.dialogs), listAssignees)]
    }

    /// `{"assignees": [{"id": "staff_person:3", "kind": "person", "name", "role"}…]}`: who a
    /// conversation may be assigned to. Names and roles only — no emails: support and analysts
    /// read this list too, and an email is more than they need to pick a colleague.
    func listAssignees(_ call: StaffCall) throws -> HTTPResponse {
        let tenantID = call.tenant.id
        let assignees = try pool.withConnection { try AssigneeStore().list(tenantID: tenantID, $0) }
        return Reply.json(["assignees": .array(assignees.map(\.json))])
    }
}
