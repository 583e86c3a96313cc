import Blueprint
import Postgres

/// Staff quest overrides (tenant table `quest_overrides`, migration 0007) live as long as their
/// quest id is in the live blueprint: when a version without the id goes live, its override goes,
/// so a quest that comes back later starts from the blueprint again.
enum QuestOverridePruning {
    static func prune(_ schema: Identifier, live blueprint: Blueprint, _ conn: PostgresConnection) throws {
        // A schema that `tessera migrate` has not brought to 0007 yet has no overrides.
        guard try !conn.query(
            "SELECT 1 FROM pg_tables WHERE schemaname = \(schema.raw) AND tablename = 'quest_overrides'"
        ).isEmpty else { return }
        var ids: [String?] = []
        for section in blueprint.sections {
            if case .gamefi(let settings) = section.kind { ids += settings.quests.map(\.id) }
        }
        try conn.execute(
            "DELETE FROM \(ident: schema).quest_overrides WHERE NOT (quest_id = ANY(\(PostgresArray(ids))::text[]))")
    }
}
