import Kernel
import Postgres
import Tenancy

extension StaffArea {
    public var staffByTelegram: (any StaffByTelegram)? { StaffTelegramLookup() }
}

/// Staff by linked Telegram account and actors' names, over `platform.staff_people`,
/// `staff_memberships` and `api_tokens`.
struct StaffTelegramLookup: StaffByTelegram {
    let p = TenantCatalog.platformSchema

    func member(telegramUserID: Int64, tenantID: Int64, _ conn: PostgresConnection) throws -> TelegramStaffMember? {
        guard
            let row = try conn.query(
                """
                SELECT s.id, m.role, CASE WHEN s.display_name = '' THEN s.email ELSE s.display_name END
                FROM \(ident: p).staff_people s
                JOIN \(ident: p).staff_memberships m ON m.person_id = s.id AND m.tenant_id = \(tenantID)
                WHERE s.telegram_user_id = \(telegramUserID) AND NOT s.disabled
                """
            ).first,
            let role = StaffRole(rawValue: try row.decode(String.self, 1))
        else { return nil }
        return TelegramStaffMember(actor: .person(try row.decode(Int64.self, 0)), role: role, name: try row.decode(String.self, 2))
    }

    func name(of actor: StaffActor, _ conn: PostgresConnection) throws -> String? {
        switch actor {
        case .person(let id):
            try conn.query(
                """
                SELECT CASE WHEN display_name = '' THEN email ELSE display_name END
                FROM \(ident: p).staff_people WHERE id = \(id)
                """
            ).first?.decode(String.self, 0)
        case .token(let id):
            try conn.query(
                "SELECT CASE WHEN name = '' THEN 'API token ' || id ELSE name END FROM \(ident: p).api_tokens WHERE id = \(id)"
            ).first?.decode(String.self, 0)
        }
    }
}
